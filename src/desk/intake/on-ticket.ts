import { newId } from '../../lib/ids.ts'
import type { IntakeResult } from '../../channels/types.ts'
import type { Category, Classification } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import { prepare, prepareInsert } from '../../db/prepared.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Message, OrgUnit, OutboxJob, Ticket } from '../../generated/prisma/client.ts'
import { addWorkingSeconds } from '../../lib/time/index.ts'
import { promisedBy } from '../../text/when.ts'
import { hardshipSeverity } from '../care/index.ts'
import {
  askForPerson, extractFacts, idle, keepable, nextStep, readTicketFacts, recordSensitiveConsent, saveConversation, storeFacts,
  type Consent, type Facts, type SafetyAssessment,
} from '../conversation/index.ts'
import type { Desk } from '../desk.ts'
import { seekerAnswer } from '../postings/index.ts'
import { statusLabels, type TicketStatus } from '../vocabulary.ts'
import { hashAccessCode, newAccessCode, resolveUnit } from '../people/index.ts'
import { openTicket } from '../tickets/index.ts'
import { resumeOnWorkerAnswer } from '../timekeeping/index.ts'
import { openedReply } from './answers.ts'
import { claimMessage, claimHeldMessages } from './claim.ts'
import type { IntakeContext } from './context.ts'
import { privacyNotice } from './privacy-notice.ts'

export class AlreadyProcessed extends Error {}

/**
 * What intake does on a ticket. `open` null: a new ticket, classified as given. Otherwise the
 * message continues `open`, and may carry facts the desk asked for, the worker's consent,
 * or a wish to talk to a person (人工).
 */
export type TicketWork = {
  open: Ticket | null
  classification?: Classification
  /** Facts already read from the message (an answer to the desk's question). */
  facts?: Partial<Facts>
  consent?: boolean
  handOff?: boolean
  /** Urgent: the answer is safety guidance, never a form. */
  safety?: SafetyAssessment
  /** 在吗 on a fresh case: answered with where the case stands. */
  greeting?: boolean
  /** After the worker chose a category: their earlier messages since the question join the new ticket. */
  heldSince?: Date | null
}

export async function onTicket(
  desk: Desk,
  message: Message,
  ctx: IntakeContext,
  work: TicketWork,
  known: { workerUnitId?: string | null },
): Promise<{ result: IntakeResult; staged: OutboxJob[] }> {
  return inTransaction(desk.db, async (tx) => {
    const now = desk.now()
    const staged: OutboxJob[] = []
    let ticket: Ticket
    // The unit a new ticket was routed to: its opening reply names it.
    let openedIn: OrgUnit | null = null
    let accessCode: string | undefined
    if (work.open) {
      ticket = work.open
      if (!(await claimMessage(tx, message.id, { ticketId: ticket.id }))) throw new AlreadyProcessed()
      await insertEvent.run(tx, [{ id: newId(), ticketId: ticket.id, type: 'worker.message', actor: 'worker', data: null, createdAt: now }])
      if (ticket.status === 'waiting_worker') await reopenTicket.run(tx, { id: ticket.id, at: new Date() })
      else await touchTicket.run(tx, { id: ticket.id, at: now })
      // The worker answered the cadre's question: the SLA clocks run again.
      if (ticket.status === 'waiting_worker') staged.push(...(await resumeOnWorkerAnswer(tx, desk, ticket.id, now)))
    } else {
      const c = work.classification!
      const workerUnitId = known.workerUnitId !== undefined ? known.workerUnitId : ((await workerUnit.first(tx, { id: message.workerId }))?.unitId ?? null)
      const hinted = message.hintedUnitId ? ((await unitById.first(tx, { id: message.hintedUnitId })) ?? null) : null
      const unit = await resolveUnit(tx, { hinted, workerUnitId, defaultUnitCode: desk.config.DEFAULT_UNIT_CODE })
      // A request identity (the web) is opened again only with the ticket's number and this code.
      accessCode = desk.channels.spec(message.channel).identity === 'request' ? newAccessCode() : undefined
      const opened = await openTicket(tx, desk, {
        workerId: message.workerId, channel: message.channel, unit,
        ...(accessCode ? { accessCodeHash: hashAccessCode(desk.crypto, accessCode) } : {}),
        category: c.category, urgent: c.urgent, confidence: c.confidence, classifiedBy: c.source, classifyReason: c.reason,
        severity: await hardshipSeverity(tx, message.workerId), now,
        openedBy: { actor: 'worker', data: { channel: message.channel, ...c } },
      })
      ticket = opened.ticket
      if (!(await claimMessage(tx, message.id, { ticketId: ticket.id }))) throw new AlreadyProcessed()
      if (work.heldSince) await claimHeldMessages(tx, { workerId: message.workerId, channel: message.channel, since: work.heldSince, ticketId: ticket.id })
      staged.push(...opened.staged)
      openedIn = opened.route.unit
    }

    // What the desk says: safety first when it is urgent; otherwise the opening (or the
    // continuation's acknowledgement), then the next question about the case.
    let consent: Consent = (ctx.worker.sensitiveConsent as Consent) ?? null
    if (work.consent !== undefined) {
      consent = work.consent ? 'granted' : 'refused'
      await recordSensitiveConsent(tx, { workerId: message.workerId, granted: work.consent, ticketId: ticket.id, via: message.channel, at: now })
    }
    const category = ticket.category as Category
    const found = work.facts ?? (work.consent === true ? await factsSaidBefore(tx, ticket) : work.consent === undefined && !work.handOff ? extractFacts(category, message.text, {}) : {})
    const facts = Object.keys(keepable(found, consent)).length ? await storeFacts(tx, desk.crypto, ticket, found, consent) : readTicketFacts(desk.crypto, ticket)
    if (work.handOff) await askForPerson(tx, ticket, now)

    const who = { workerId: message.workerId, channel: message.channel }
    const skipped = skippedNow(ctx, work, found)
    // The desk asks only while it is gathering this case's facts (it just opened it, or asked
    // about it last), and never over a cadre who is waiting for the worker's own answer.
    const gathering = !work.safety && !work.handOff && ticket.status !== 'waiting_worker' && (!work.open || ctx.conversation?.ticketId === ticket.id)
    const step = gathering ? nextStep(desk.replies, ticket, facts, { skipped, consent, justOpened: !work.open }) : null
    await saveConversation(tx, who, step?.state ?? idle, { now, idleSeconds: desk.config.CONVERSATION_IDLE_SECONDS })

    // What the desk says, built twice: with the web's access code for this answer, and without
    // it for the copy kept on the message (a repeat gets the same words; the code is shown once).
    const notice = work.safety ? [] : await privacyNotice(tx, desk, message, ctx)
    // A job seeker gets the jobs open now with the ticket, and the words to subscribe to more.
    const jobs = openedIn && !work.safety && !work.handOff && ticket.category === 'job_seeking' ? await seekerAnswer(tx, desk, message.text) : null
    const say = async (code: string | undefined) => {
      const parts = [...notice]
      if (work.safety) parts.push(urgentReply(desk, ticket, work.safety, code))
      else if (work.handOff) parts.push(await handOffReply(tx, desk, ticket, code))
      else {
        if (work.consent === false) parts.push(desk.replies.render('consent-refused', { ticketNumber: ticket.number }))
        if (openedIn) parts.push(openedReply(desk, ticket, openedIn, code))
        if (jobs) parts.push(jobs)
        else if (work.greeting) parts.push(await welcomeBack(tx, desk, ticket))
        // Not an answer to the desk's question: say where it went, then ask on.
        else if (work.consent === undefined && !work.facts) parts.push(desk.replies.render('ticket-continued', { ticketNumber: ticket.number, assigned: ticket.assigneeId !== null }))
        if (step?.reply) parts.push(step.reply)
      }
      return parts.join('\n\n')
    }
    const reply = await say(accessCode)
    await setAnswer.run(tx, { id: message.id, answer: accessCode ? await say(undefined) : reply })
    // The desk's own questions go on the ticket, so the cadre reads the exchange and the portal shows what is asked.
    if (step?.reply) {
      await insertMessage.run(tx, [{
        id: newId(), channel: message.channel, externalId: `auto-${message.id}`, direction: 'out', kind: 'auto', text: step.reply, workerId: message.workerId, ticketId: ticket.id, createdAt: now,
      }])
    }

    const outcome = work.open ? ('continued' as const) : ('opened' as const)
    const result: IntakeResult = { duplicate: false, ticketNumber: ticket.number, outcome, reply }
    return { result: accessCode ? { ...result, accessCode } : result, staged }
  })
}

/** Where the worker's open case stands, said to a worker who greets the desk. */
export async function welcomeBack(tx: Tx, desk: Pick<Desk, 'replies'>, ticket: Ticket) {
  const unit = (await unitName.first(tx, { id: ticket.unitId }))!
  return desk.replies.render('welcome-back', { ticketNumber: ticket.number, statusLabel: statusLabels[ticket.status as TicketStatus], unitName: unit.name })
}

/** Consent given: the sensitive facts the worker already told (left out until now) are read again from their messages. */
async function factsSaidBefore(tx: Tx, ticket: Ticket): Promise<Partial<Facts>> {
  const said = await tx.message.findMany({ where: { ticketId: ticket.id, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { text: true } })
  return Object.assign({}, ...said.map((m) => extractFacts(ticket.category as Category, m.text, {}))) as Partial<Facts>
}

/** The fact asked last counts as passed over when the answer said nothing about it. */
function skippedNow(ctx: IntakeContext, work: TicketWork, found: Partial<Facts>) {
  const c = ctx.conversation
  if (!c || c.awaiting !== 'fact' || !c.asked || !work.open || c.ticketId !== work.open.id || work.greeting) return c?.skipped ?? []
  return c.asked in found ? c.skipped : [...c.skipped, c.asked]
}

function urgentReply(desk: Desk, ticket: Ticket, safety: SafetyAssessment, accessCode: string | undefined) {
  return desk.replies.render('urgent', {
    ticketNumber: ticket.number, hotline: desk.config.UNION_HOTLINE, selfHarm: safety.danger === 'self_harm',
    responseTime: promisedBy(ticket.firstResponseDueAt ?? ticket.createdAt, desk.now()), accessCode: accessCode ?? '',
  })
}

/** 人工: who will answer, and by when (the first-response target, or two working hours once that has passed). */
async function handOffReply(tx: Tx, desk: Desk, ticket: Ticket, accessCode: string | undefined) {
  const cadre = ticket.assigneeId ? await cadreName.first(tx, { id: ticket.assigneeId }) : null
  const now = desk.now()
  const due = ticket.firstResponseDueAt && ticket.firstResponseDueAt > now ? ticket.firstResponseDueAt : addWorkingSeconds(desk.calendar, now, 2 * 3600)
  return desk.replies.render('human-handoff', { ticketNumber: ticket.number, cadreName: cadre?.name ?? '', accessCode: accessCode ?? '', responseTime: promisedBy(due, now) })
}

const insertEvent = prepareInsert('TicketEvent')
const insertMessage = prepareInsert('Message')
const reopenTicket = prepare<{ id: string; at: Date }>()((sql, p) => sql.updateTable('Ticket').set({ status: 'open', updatedAt: p.at }).where('id', '=', p.id))
const touchTicket = prepare<{ id: string; at: Date }>()((sql, p) => sql.updateTable('Ticket').set({ updatedAt: p.at }).where('id', '=', p.id))
const setAnswer = prepare<{ id: string; answer: string }>()((sql, p) => sql.updateTable('Message').set({ answer: p.answer }).where('id', '=', p.id))
const workerUnit = prepare<{ id: string }>()((sql, p) => sql.selectFrom('Worker').select('unitId').where('id', '=', p.id))
const unitById = prepare<{ id: string }>()((sql, p) => sql.selectFrom('OrgUnit').selectAll().where('id', '=', p.id))
const unitName = prepare<{ id: string }>()((sql, p) => sql.selectFrom('OrgUnit').select('name').where('id', '=', p.id))
const cadreName = prepare<{ id: string }>()((sql, p) => sql.selectFrom('Cadre').select('name').where('id', '=', p.id))
