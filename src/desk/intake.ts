import type { Classification } from '../classify/types.ts'
import { InboundMessage, type IntakeResult } from '../channels/types.ts'
import type { Tx } from '../db/client.ts'
import type { Message, OrgUnit, OutboxJob, Ticket } from '../generated/prisma/client.ts'
import { jobIds } from '../queue/jobs.ts'
import { flushOutbox, stageJob } from '../queue/outbox.ts'
import { detectScript, inScript, toSimplified } from '../text/script.ts'
import { promisedBy } from '../text/when.ts'
import { answerStatus, parseCommand, type Command } from './commands.ts'
import type { Desk } from './deps.ts'
import { resolveUnit, routeTicket, unitFromHint } from './routing.ts'
import { hardshipSeverity } from './hardship.ts'
import { answerSatisfaction } from './satisfaction.ts'
import { isUniqueViolation, openingDeadlines, resumeOnWorkerAnswer, slaPolicyFor, startSlaClocks } from './sla.ts'
import { deskCalendar } from './work-calendar.ts'
import { nextTicketNumber } from './ticket-number.ts'
import { categoryLabels, openStatuses } from './types.ts'
import { findOrCreateWorker } from './workers.ts'

/**
 * Intake, channel-blind, in two steps:
 *
 * 1. receive: the message is stored (deduplicated by channel and message id) together with
 *    a safety-net outbox row. Once this resolves, the message can never be lost: a channel
 *    may acknowledge it.
 * 2. process: classify, then in one transaction open a ticket (or continue the worker's
 *    open one), route it, stage its timers and remove the safety net. If the process dies
 *    between the steps, the outbox relay hands the message to the intake queue, which
 *    finishes the work and sends the worker the reply.
 *
 * Processing is idempotent: a message already attached to a ticket is answered as before.
 */
export type Receipt = { messageId: string; duplicate: boolean; process(): Promise<IntakeResult> }

/** Both steps, for channels that can wait for the whole answer (the web API). */
export async function acceptMessage(desk: Desk, input: InboundMessage): Promise<IntakeResult> {
  return (await receiveMessage(desk, input)).process()
}

/** Step 1. Rejects only when the message could not be stored: the channel must not acknowledge it then. */
export async function receiveMessage(desk: Desk, input: InboundMessage): Promise<Receipt> {
  const msg = InboundMessage.parse(input)
  const { message, duplicate, workerUnitId } = await storeInbound(desk, msg)
  // A fresh message is processed from what was just written; a duplicate is re-read (another copy may be processing it).
  const known = duplicate ? {} : { stored: message, workerUnitId }
  return { messageId: message.id, duplicate, process: () => processMessage(desk, message.id, { duplicate, ...known }) }
}

type Parsed = ReturnType<typeof InboundMessage.parse>

/** SQLite runs one write transaction at a time: a burst of messages queues rather than failing. */
const txOptions = { maxWait: 10_000, timeout: 10_000 }

async function storeInbound(desk: Desk, msg: Parsed): Promise<{ message: Message; duplicate: boolean; workerUnitId?: string | null }> {
  const key = { channel_externalId: { channel: msg.channel, externalId: msg.externalMessageId } }
  for (let attempt = 1; ; attempt++) {
    // No look before the write: the unique key says "seen before" for the rare repeat, at no cost to the rest.
    try {
      return await desk.db.$transaction(async (tx) => {
        const now = desk.now()
        const hinted = await unitFromHint(tx, msg.profile.orgHint)
        const location = msg.media.find((m) => m.kind === 'location')
        const worker = await findOrCreateWorker(tx, desk.crypto, {
          channel: msg.channel, externalUserId: msg.externalUserId, profile: msg.profile, unitId: hinted?.id, at: now,
          ...(location ? { location: { lat: location.latitude, lng: location.longitude, label: location.label } } : {}),
        })
        const message = await tx.message.create({
          data: {
            channel: msg.channel, externalId: msg.externalMessageId, direction: 'in', kind: msg.media[0]?.kind ?? 'text',
            text: msg.text, media: msg.media.length ? JSON.stringify(msg.media) : null, workerId: worker.id, createdAt: msg.receivedAt,
          },
        })
        // The safety net: not flushed now. Processing deletes it; the relay finds it only if processing never happened.
        await stageJob(tx, { queue: 'intake', name: 'process', jobId: jobIds.intake(message.id), payload: { messageId: message.id }, runAt: now })
        return { message, duplicate: false, workerUnitId: worker.unitId }
      }, txOptions)
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      // Another delivery of the same message: that is the answer. Otherwise the same new worker
      // wrote twice at once, and the next attempt finds their identity.
      const seen = await desk.db.message.findUnique({ where: key })
      if (seen) return { message: seen, duplicate: true }
      if (attempt >= 3) throw err
    }
  }
}

class AlreadyProcessed extends Error {}

/** A command is answered from what the desk knows; nothing is opened, and the safety net goes. */
async function answerCommand(desk: Desk, message: Message, command: Command, opts: { duplicate: boolean }): Promise<IntakeResult> {
  if (message.kind !== 'command') {
    await desk.db.$transaction([
      desk.db.message.update({ where: { id: message.id }, data: { kind: 'command' } }),
      desk.db.outboxJob.deleteMany({ where: { jobId: jobIds.intake(message.id) } }),
    ])
  }
  const { reply, ticketNumber } = await answerStatus(desk, message.workerId, command)
  desk.metrics.intake.inc({ channel: message.channel, outcome: opts.duplicate ? 'duplicate' : 'answered' })
  return { duplicate: opts.duplicate, ticketNumber, outcome: 'answered', reply: inScript(reply, detectScript(message.text)) }
}

/** Step 2. */
/** `stored` and `workerUnitId`, when the caller has them from step 1, save reading them again. */
export async function processMessage(
  desk: Desk,
  messageId: string,
  opts: { duplicate: boolean; stored?: Message; workerUnitId?: string | null },
): Promise<IntakeResult> {
  const message = opts.stored ?? (await desk.db.message.findUniqueOrThrow({ where: { id: messageId } }))
  // A bare 满意 / 1 after a ticket closed answers the satisfaction question; it opens nothing.
  const rating = await answerSatisfaction(desk, message, opts)
  if (rating) return rating
  if (message.ticketId) return answerFor(desk, message, true)
  const command = message.channel === 'web' ? null : parseCommand(message.text)
  if (command) return answerCommand(desk, message, command, opts)

  const recent = await continuableTicket(desk, message.workerId)
  const text = toSimplified(message.text)
  // With a ticket open, the embedded model alone decides whether this is a new matter: most such
  // messages are follow-ups ("在吗"), and an LLM call for each would cost time and money for nothing.
  const quick = recent ? await desk.classifier.classify(text, { localOnly: true }) : null
  const open = recent && quick && !isNewMatter(recent, quick) ? recent : null
  // Classification may call an LLM: do it before the transaction, never while holding a write lock.
  const classification = open ? quick! : await desk.classifier.classify(text)
  try {
    const { result, staged } = await desk.db.$transaction((tx) => attach(tx, desk, message, open, classification, { workerUnitId: opts.workerUnitId }), txOptions)
    await flushOutbox(desk, staged)
    desk.metrics.intake.inc({ channel: message.channel, outcome: opts.duplicate ? 'duplicate' : result.outcome })
    return opts.duplicate ? { ...result, duplicate: true } : result
  } catch (err) {
    if (!(err instanceof AlreadyProcessed)) throw err
    // A concurrent copy (or the intake queue) got there first: answer as it did.
    return answerFor(desk, await desk.db.message.findUniqueOrThrow({ where: { id: messageId } }), true)
  }
}

async function attach(
  tx: Tx,
  desk: Desk,
  message: Message,
  open: Ticket | null,
  c: Classification,
  known: { workerUnitId?: string | null },
) {
  const now = desk.now()
  const script = detectScript(message.text)
  const staged: OutboxJob[] = []
  const claim = async (ticketId: string) => {
    // Plain, portable SQL: these two run for every message, and the ORM's per-statement cost would dominate them.
    const count = await tx.$executeRaw`UPDATE "Message" SET "ticketId" = ${ticketId} WHERE "id" = ${message.id} AND "ticketId" IS NULL`
    if (count === 0) throw new AlreadyProcessed()
    await tx.$executeRaw`DELETE FROM "OutboxJob" WHERE "jobId" = ${jobIds.intake(message.id)}`
  }

  if (open) {
    await claim(open.id)
    await tx.ticketEvent.create({ data: { ticketId: open.id, type: 'worker.message', actor: 'worker', createdAt: now } })
    await tx.ticket.update({ where: { id: open.id }, data: open.status === 'waiting_worker' ? { status: 'open' } : { updatedAt: now } })
    // The worker answered the cadre's question: the SLA clocks run again.
    if (open.status === 'waiting_worker') staged.push(...(await resumeOnWorkerAnswer(tx, desk, open.id, now)))
    const reply = desk.replies.render('ticket-continued', { ticketNumber: open.number, assigned: open.assigneeId !== null })
    return { result: { duplicate: false, ticketNumber: open.number, outcome: 'continued' as const, reply: inScript(reply, script) }, staged }
  }

  const workerUnitId =
    known.workerUnitId !== undefined ? known.workerUnitId : (await tx.worker.findUniqueOrThrow({ where: { id: message.workerId }, select: { unitId: true } })).unitId
  const unit = await resolveUnit(tx, { hinted: null, workerUnitId, defaultUnitCode: desk.config.DEFAULT_UNIT_CODE })
  const severity = await hardshipSeverity(tx, message.workerId)
  const route = await routeTicket(tx, { unit, category: c.category, urgent: c.urgent, now, severity, calendar: deskCalendar(desk.config) })
  const policy = await slaPolicyFor(tx, c.category, c.urgent)
  const ticket = await tx.ticket.create({
    data: {
      number: await nextTicketNumber(tx, now),
      workerId: message.workerId, channel: message.channel,
      category: c.category, urgent: c.urgent, confidence: c.confidence, classifiedBy: c.source, classifyReason: c.reason,
      tier: route.tier, severity: route.severity, unitId: route.unit.id, assigneeId: route.assignee?.id ?? null,
      ...openingDeadlines(desk, policy, now),
      createdAt: now,
    },
  })
  await claim(ticket.id)
  await tx.ticketEvent.createMany({
    data: [
      { ticketId: ticket.id, type: 'ticket.opened', actor: 'worker', data: JSON.stringify({ channel: message.channel, ...c }), createdAt: now },
      {
        ticketId: ticket.id, type: route.assignee ? 'ticket.routed' : 'ticket.unassigned', createdAt: now,
        data: JSON.stringify({ unitId: route.unit.id, assigneeId: route.assignee?.id ?? null, tier: route.tier, reason: route.reason }),
      },
    ],
  })
  staged.push(...(await startSlaClocks(tx, desk, ticket, policy)))
  const reply = openedReply(desk, ticket, route.unit)
  return { result: { duplicate: false, ticketNumber: ticket.number, outcome: 'opened' as const, reply: inScript(reply, script) }, staged }
}

function openedReply(desk: Desk, ticket: Ticket, unit: OrgUnit) {
  // In business hours a "24-hour" target opened on Friday evening is due next week: promise the real time.
  return desk.replies.render('ticket-opened', {
    ticketNumber: ticket.number,
    categoryLabel: categoryLabels[ticket.category as Classification['category']],
    unitName: unit.name,
    assigned: ticket.assigneeId !== null,
    responseTime: promisedBy(ticket.firstResponseDueAt ?? ticket.createdAt, ticket.createdAt),
    urgent: ticket.urgent,
  })
}

/**
 * A message from a worker with an open ticket usually adds to it ("补充一下…", "在吗"). It
 * opens a new one only when the desk is sure it is a different matter: a confident category
 * other than the ticket's, and not the catch-all "other".
 */
export const NEW_MATTER_CONFIDENCE = 0.8
function isNewMatter(open: Ticket, c: Classification): boolean {
  return c.category !== open.category && c.category !== 'other' && c.confidence >= NEW_MATTER_CONFIDENCE
}

/** The worker's most recent open ticket, if they wrote about it recently enough to be continuing it. */
async function continuableTicket(desk: Desk, workerId: string): Promise<Ticket | null> {
  const since = new Date(desk.now().getTime() - desk.config.CONTINUE_WINDOW_SECONDS * 1000)
  return desk.db.ticket.findFirst({
    where: { workerId, status: { in: openStatuses }, updatedAt: { gte: since } },
    orderBy: { updatedAt: 'desc' },
  })
}

/** The answer a processed message got, given again: same ticket, same words, same script. */
async function answerFor(desk: Desk, message: Message, duplicate: boolean): Promise<IntakeResult> {
  const t = await desk.db.ticket.findUniqueOrThrow({ where: { id: message.ticketId! }, include: { unit: true } })
  const first = await desk.db.message.findFirst({ where: { ticketId: t.id, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { id: true } })
  const opened = first?.id === message.id
  const reply = opened
    ? openedReply(desk, t, t.unit)
    : desk.replies.render('ticket-continued', { ticketNumber: t.number, assigned: t.assigneeId !== null })
  if (duplicate) desk.metrics.intake.inc({ channel: message.channel, outcome: 'duplicate' })
  return { duplicate, ticketNumber: t.number, outcome: opened ? 'opened' : 'continued', reply: inScript(reply, detectScript(message.text)) }
}
