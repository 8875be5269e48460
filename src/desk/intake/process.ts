import type { IntakeResult } from '../../channels/types.ts'
import type { Classification } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { errorSummary } from '../../lib/error-summary.ts'
import type { Message, OutboxJob, Ticket } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox } from '../../queue/outbox.ts'
import { detectScript, inScript, toSimplified } from '../../text/script.ts'
import { hardshipSeverity } from '../care/index.ts'
import type { Desk } from '../desk.ts'
import { releaseDeferred } from '../messaging/index.ts'
import { hashAccessCode, newAccessCode, resolveUnit } from '../people/index.ts'
import { openTicket } from '../tickets/index.ts'
import { resumeOnWorkerAnswer } from '../timekeeping/index.ts'
import { answerFor, openedReply } from './answers.ts'
import { claimMessage } from './claim.ts'
import { answerStatus, parseCommand, type Command } from './commands.ts'
import { continuableTicket, isNewMatter } from './continue-or-open.ts'
import { answerSatisfaction } from './ratings.ts'

class AlreadyProcessed extends Error {}

/**
 * Step 2 of intake (step 1 is receive.ts): decide what the message is and act on it.
 * `stored` and `workerUnitId`, when the caller has them from step 1, save reading them again.
 */
export async function processMessage(
  desk: Desk,
  messageId: string,
  opts: { duplicate: boolean; stored?: Message; workerUnitId?: string | null },
): Promise<IntakeResult> {
  if (opts.duplicate) await processedElsewhere(desk, messageId)
  const message = opts.stored ?? (await desk.db.message.findUniqueOrThrow({ where: { id: messageId } }))
  const result = await decide(desk, message, opts)
  // The worker wrote, so the channel's window is open again: what waited for it goes out now.
  if (!result.duplicate) void releaseAfterInbound(desk, message)
  return result
}

async function decide(desk: Desk, message: Message, opts: { duplicate: boolean; workerUnitId?: string | null }): Promise<IntakeResult> {
  // A bare 满意 / 1 after a ticket closed answers the satisfaction question; it opens nothing.
  const rating = await answerSatisfaction(desk, message, opts)
  if (rating) return rating
  if (message.ticketId) return answerFor(desk, message, true)
  const spec = desk.channels.spec(message.channel)
  const command = spec.chatCommands ? parseCommand(message.text) : null
  if (command) return answerCommand(desk, message, command, opts)

  const recent = await continuableTicket(desk, message.workerId, spec.identity)
  const text = toSimplified(message.text)
  // With a ticket open, the embedded model alone decides whether this is a new matter: most such
  // messages are follow-ups ("在吗"), and an LLM call for each would cost time and money for nothing.
  const quick = recent ? await desk.classifier.classify(text, { localOnly: true }) : null
  const open = recent && quick && !isNewMatter(recent, quick, spec.identity) ? recent : null
  // Classification may call an LLM: do it before the transaction, never while holding a write lock.
  const classification = open ? quick! : await desk.classifier.classify(text)
  try {
    const { result, staged } = await inTransaction(desk.db, (tx) => attach(tx, desk, message, open, classification, { workerUnitId: opts.workerUnitId }))
    await flushOutbox(desk, staged)
    // This copy did the work (the first one died, or was slower): its answer is the first, not a repeat.
    desk.metrics.intake.inc({ channel: message.channel, outcome: result.outcome })
    return result
  } catch (err) {
    if (!(err instanceof AlreadyProcessed)) throw err
    // A concurrent copy (or the intake queue) got there first: answer as it did.
    return answerFor(desk, await desk.db.message.findUniqueOrThrow({ where: { id: message.id } }), true)
  }
}

/**
 * A repeat of a message that another copy is still processing (WeChat's retry, a client's,
 * reaching another process) waits a moment for that copy, so that the first one answers
 * (with the web's access code, shown once) and this one repeats its answer. If the first
 * copy does not finish in time (it died, or understanding is slow), this one goes ahead: the
 * claim in claim.ts lets only one of them open the ticket.
 */
async function processedElsewhere(desk: Desk, messageId: string, ms = 2500): Promise<void> {
  const deadline = Date.now() + ms
  // The safety-net row goes in the same transaction that takes the message for its outcome.
  while (await desk.db.outboxJob.findFirst({ where: { jobId: jobIds.intake(messageId) }, select: { id: true } })) {
    if (Date.now() >= deadline) return
    await new Promise((r) => setTimeout(r, 40))
  }
}

/** A command is answered from what the desk knows; nothing is opened, and the safety net goes. */
async function answerCommand(desk: Desk, message: Message, command: Command, opts: { duplicate: boolean }): Promise<IntakeResult> {
  if (message.kind !== 'command') await inTransaction(desk.db, (tx) => claimMessage(tx, message.id, { kind: 'command' }))
  const { reply, ticketNumber } = await answerStatus(desk, message.workerId, command)
  desk.metrics.intake.inc({ channel: message.channel, outcome: opts.duplicate ? 'duplicate' : 'answered' })
  return { duplicate: opts.duplicate, ticketNumber, outcome: 'answered', reply: inScript(reply, detectScript(message.text)) }
}

async function attach(tx: Tx, desk: Desk, message: Message, open: Ticket | null, c: Classification, known: { workerUnitId?: string | null }) {
  const now = desk.now()
  const script = detectScript(message.text)
  const staged: OutboxJob[] = []
  const claim = async (ticketId: string) => {
    if (!(await claimMessage(tx, message.id, { ticketId }))) throw new AlreadyProcessed()
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
  // A request identity (the web) is opened again only with the ticket's number and this code.
  const accessCode = desk.channels.spec(message.channel).identity === 'request' ? newAccessCode() : undefined
  const opened = await openTicket(tx, desk, {
    workerId: message.workerId, channel: message.channel, unit,
    ...(accessCode ? { accessCodeHash: hashAccessCode(desk.crypto, accessCode) } : {}),
    category: c.category, urgent: c.urgent, confidence: c.confidence, classifiedBy: c.source, classifyReason: c.reason,
    severity: await hardshipSeverity(tx, message.workerId), now,
    openedBy: { actor: 'worker', data: { channel: message.channel, ...c } },
  })
  await claim(opened.ticket.id)
  staged.push(...opened.staged)
  const reply = openedReply(desk, opened.ticket, opened.route.unit, accessCode)
  const result = { duplicate: false, ticketNumber: opened.ticket.number, outcome: 'opened' as const, reply: inScript(reply, script) }
  return { result: accessCode ? { ...result, accessCode } : result, staged }
}

async function releaseAfterInbound(desk: Desk, message: Message) {
  if (desk.channels.spec(message.channel).delivery !== 'push') return
  try {
    await releaseDeferred(desk, message.workerId, message.channel)
  } catch (err) {
    desk.logger.warn({ err: errorSummary(err) }, 'could not release deferred messages; they go with the next message')
  }
}
