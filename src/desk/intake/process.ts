import type { IntakeResult } from '../../channels/types.ts'
import type { Category, Classification } from '../../classify/types.ts'
import { sqlOf } from '../../db/sql.ts'
import { inTransaction } from '../../db/transaction.ts'
import { errorSummary } from '../../lib/error-summary.ts'
import type { Message } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox } from '../../queue/outbox.ts'
import { detectScript, inScript, toSimplified } from '../../text/script.ts'
import { extractFacts, mergeFacts, readTurn, tooUnclearToOpen, type FactKey, type Facts, type Turn } from '../conversation/index.ts'
import type { Desk } from '../desk.ts'
import { releaseJobDigest } from '../postings/index.ts'
import { releaseDeferred } from '../messaging/index.ts'
import { answerFor } from './answers.ts'
import { answerWithoutTicket, type Spoken } from './answer-without-ticket.ts'
import { loadIntakeContext, type IntakeContext, type NewWorker } from './context.ts'
import { isNewMatter } from './continue-or-open.ts'
import { answerSatisfaction } from './ratings.ts'
import { AlreadyProcessed, onTicket, type TicketWork } from './on-ticket.ts'

/**
 * Step 2 of intake (step 1 is receive.ts): decide what the message is and act on it.
 * `stored`, `workerUnitId` and `newWorker`, when the caller has them from step 1, save reading them again.
 */
export async function processMessage(desk: Desk, messageId: string, opts: StepTwo & { stored?: Message }): Promise<IntakeResult> {
  if (opts.duplicate) await processedElsewhere(desk, messageId)
  const message = opts.stored ?? (await desk.db.message.findUniqueOrThrow({ where: { id: messageId } }))
  const result = await decide(desk, message, opts)
  // The worker wrote, so the channel's window is open again: what waited for it goes out now
  // (nothing can wait for a worker created by this very message).
  if (!result.duplicate && !opts.newWorker) void releaseAfterInbound(desk, message)
  return result
}

/** What step 1 tells step 2 about the message it stored. */
type StepTwo = { duplicate: boolean; workerUnitId?: string | null; newWorker?: NewWorker }

async function decide(desk: Desk, message: Message, opts: StepTwo): Promise<IntakeResult> {
  // Processed before (a repeat, or the intake queue after a crash): the same answer again.
  if (message.kind === 'rating') return (await answerSatisfaction(desk, message, opts))!
  if (message.ticketId) return answerFor(desk, message, true)
  if (message.answer) return { duplicate: true, ticketNumber: null, outcome: 'answered', reply: inScript(message.answer, detectScript(message.text)) }

  const ctx = await loadIntakeContext(desk, message, opts.newWorker)
  // A bare 满意 / 1 after a ticket closed answers the satisfaction question, unless the desk asked something since.
  if (!ctx.conversation?.awaiting) {
    const rating = await answerSatisfaction(desk, message, opts)
    if (rating) return rating
  }
  const turn = readTurn(message.text, {
    conversation: ctx.conversation,
    askedAbout: ctx.askedAbout,
    matchKnowledge: (text) => desk.knowledge.match(text),
  })
  const work = await ticketWork(desk, message, ctx, turn)
  if (work.kind === 'answer') return finish(desk, message, () => answerWithoutTicket(desk, message, ctx, work.spoken), opts)
  return finish(desk, message, () => onTicket(desk, message, ctx, work.work, { workerUnitId: opts.workerUnitId }), opts)
}

type Work = { kind: 'answer'; spoken: Spoken } | { kind: 'ticket'; work: TicketWork }

/**
 * Turns what the message is into what intake does: answer it (nothing opened), or open or
 * continue a ticket. Classification may call an LLM, so it happens here, before any
 * transaction: never while holding a write lock.
 */
async function ticketWork(desk: Desk, message: Message, ctx: IntakeContext, turn: Turn): Promise<Work> {
  const text = toSimplified(message.text)
  switch (turn.kind) {
    case 'urgent': {
      const c = await desk.classifier.classify(text)
      const classification = { ...c, urgent: true, reason: (turn.safety.cue ?? c.reason).slice(0, 200) }
      // An urgent matter on a ticket that is already urgent adds to it, and so does anything a
      // request (the web) writes: it has only its own case, whose cadre is told at once. Otherwise it is its own case.
      const request = desk.channels.spec(message.channel).identity === 'request'
      const open = ctx.continuable && (ctx.continuable.urgent || request) ? ctx.continuable : null
      return { kind: 'ticket', work: { open, classification, safety: turn.safety, handOff: open !== null && !open.urgent } }
    }
    case 'category_chosen':
      return { kind: 'ticket', work: { open: null, classification: chosen(turn.category), heldSince: ctx.conversation?.askedAt ?? null } }
    case 'facts':
      return { kind: 'ticket', work: { open: turn.ticket, facts: await withLlm(desk, turn.ticket.category, message.text, ctx.conversation?.asked ?? undefined, turn.facts) } }
    case 'consent':
      if (ctx.askedAbout) return { kind: 'ticket', work: { open: ctx.askedAbout, consent: turn.granted } }
      return { kind: 'answer', spoken: { kind: 'consent', granted: turn.granted } }
    case 'command':
      if (turn.command.kind === 'human') {
        const open = ctx.latestOpen
        return { kind: 'ticket', work: { open, classification: open ? undefined : handOff, handOff: true } }
      }
      return { kind: 'answer', spoken: { kind: 'command', command: turn.command } }
    case 'small_talk':
      // "好的" / "收到" to a cadre on an open case is part of that case, not chit-chat.
      // So is a picture, a voice note or a location sent without words, and 在吗 while the case
      // is fresh (the worker is looking for their cadre): it goes on the case, answered with where it stands.
      if (ctx.continuable && (turn.talk === 'chat' || (turn.talk === 'unclear' && message.kind !== 'text'))) return { kind: 'ticket', work: { open: ctx.continuable } }
      if (ctx.continuable && (turn.talk === 'greeting' || turn.talk === 'unclear')) return { kind: 'ticket', work: { open: ctx.continuable, greeting: true } }
      return { kind: 'answer', spoken: { kind: 'small_talk', talk: turn.talk } }
    case 'knowledge':
      return { kind: 'answer', spoken: { kind: 'knowledge', entry: turn.entry } }
    case 'matter':
      return matter(desk, message, ctx, text)
  }
}

async function matter(desk: Desk, message: Message, ctx: IntakeContext, text: string): Promise<Work> {
  const identity = desk.channels.spec(message.channel).identity
  const recent = ctx.askedAbout ?? ctx.continuable
  // With a ticket open, the embedded model alone decides whether this is a new matter: most such
  // messages are follow-ups, and an LLM call for each would cost time and money for nothing.
  const quick = await desk.classifier.classify(text, { localOnly: true })
  // More about an open case goes on it; a cadre already has it (danger in it was read by safety.ts above).
  if (recent && !isNewMatter(recent, quick, identity)) {
    // The rules found no answer to the desk's question in it; the LLM, when there is one, may.
    const asked = ctx.conversation?.awaiting === 'fact' && ctx.askedAbout?.id === recent.id ? ctx.conversation.asked : null
    const facts = asked ? await withLlm(desk, recent.category, message.text, asked, {}) : {}
    return { kind: 'ticket', work: { open: recent, classification: quick, ...(Object.keys(facts).length ? { facts } : {}) } }
  }
  if (!quick.urgent && tooUnclearToOpen(text, quick)) return { kind: 'answer', spoken: { kind: 'small_talk', talk: 'unclear' } }
  const classification = await desk.classifier.classify(text)
  // The rules in safety.ts miss some ways of saying it; the classifier (and its LLM) gets a second look, and its word counts.
  if (classification.urgent) return { kind: 'ticket', work: { open: null, classification, safety: { urgent: true, danger: null, cue: classification.reason } } }
  const facts = await withLlm(desk, classification.category, message.text, undefined, extractFacts(classification.category, message.text))
  return { kind: 'ticket', work: { open: null, classification, facts } }
}

/**
 * Facts the rules missed, read by the LLM when one is configured (rules win where both
 * answer). Asked nothing, the LLM reads a new case's opening message; asked a fact, only when
 * the rules did not find the answer. Before any transaction, like classification.
 */
async function withLlm(desk: Desk, category: string, text: string, asked: FactKey | undefined, rules: Partial<Facts>): Promise<Partial<Facts>> {
  if (!desk.llmFacts || (asked && asked in rules) || category === 'other') return rules
  return mergeFacts(rules, await desk.llmFacts(category as Category, text, asked))
}

const chosen = (category: Classification['category']): Classification => ({ category, urgent: false, confidence: 1, source: 'worker', reason: '职工自己选的类别' })
const handOff: Classification = { category: 'other', urgent: false, confidence: 1, source: 'worker', reason: '职工要求人工服务' }

/** Runs the transaction; a concurrent copy that got there first is answered as it was. */
async function finish(desk: Desk, message: Message, run: () => Promise<{ result: IntakeResult; staged: Parameters<typeof flushOutbox>[1] }>, opts: { duplicate: boolean }): Promise<IntakeResult> {
  try {
    const { result, staged } = await run()
    await flushOutbox(desk, staged)
    desk.metrics.intake.inc({ channel: message.channel, outcome: opts.duplicate ? 'duplicate' : result.outcome })
    return { ...result, reply: inScript(result.reply, detectScript(message.text)) }
  } catch (err) {
    if (!(err instanceof AlreadyProcessed)) throw err
    // A concurrent copy (or the intake queue) got there first: answer as it did.
    return decide(desk, await desk.db.message.findUniqueOrThrow({ where: { id: message.id } }), { duplicate: true })
  }
}

/**
 * A repeat of a message that another copy is still processing (WeChat's retry, a client's,
 * reaching another process) waits a moment for that copy, so that the first one answers
 * (with the web's access code, shown once) and this one repeats its answer. If the first
 * copy does not finish in time (it died, or understanding is slow), this one goes ahead: the
 * claim in claim.ts lets only one of them act.
 */
async function processedElsewhere(desk: Desk, messageId: string, ms = 2500): Promise<void> {
  const deadline = Date.now() + ms
  // The safety-net row goes in the same transaction that takes the message for its outcome.
  // Plain SQL: under load many repeats poll here at once.
  const sql = sqlOf(desk.db)
  const pending = () => sql.selectFrom('OutboxJob').select('id').where('jobId', '=', jobIds.intake(messageId)).executeTakeFirst()
  while (await pending()) {
    if (Date.now() >= deadline) return
    await new Promise((r) => setTimeout(r, 40))
  }
}

async function releaseAfterInbound(desk: Desk, message: Message) {
  if (desk.channels.spec(message.channel).delivery !== 'push') return
  try {
    await releaseDeferred(desk, message.workerId, message.channel)
    await releaseJobDigest(desk, message.workerId, message.channel)
  } catch (err) {
    desk.logger.warn({ err: errorSummary(err) }, 'could not release deferred messages; they go with the next message')
  }
}
