import type { Logger } from 'pino'
import { z } from 'zod'
import { errorSummary } from '../../lib/error-summary.ts'
import type { LimitVerdict } from '../../lib/limits.ts'
import type { LoadGauge, Overload } from '../../lib/load-gauge.ts'
import { withinBudget } from '../../lib/within-budget.ts'
import type { InboundMessage, IntakeResult } from '../types.ts'

/** What intake says once a message is stored. */
export type Receipt = {
  duplicate?: boolean
  /** A repeat whose first copy has been processed: its answer is there to give again. */
  settled?: boolean
  /** Step 2 here and now: open or continue the ticket and say what to answer. */
  process(): Promise<IntakeResult>
  /** Step 2 by the intake queue instead, which sends the answer as a message of its own (left out: the outbox relay hands it over). */
  handOff?(): Promise<void>
}

export type MessageDeps = {
  /**
   * Intake, step 1: store the message (deduplicated). Resolves once it is stored, so it may be
   * acknowledged; rejects when nothing was stored. `process()` is step 2: open or continue the
   * ticket and say what to answer.
   */
  receiveMessage(msg: InboundMessage): Promise<Receipt>
  /** Called when processing missed the reply budget: send `result.reply` later through the API. */
  deferReply(msg: InboundMessage, resultPromise: Promise<IntakeResult>): void
  /** How many more messages this user may send now (a limit per openid); unset: no limit. */
  senderAllowance?: (openId: string) => Promise<LimitVerdict>
  /** Passive reply for a sender over the limit (prompts/wechat-oa/too-fast.md), asked for each time. */
  tooFastReply?: () => string
  /** Told of each message answered at once because the process was behind (a metric). */
  onShed?: (reason: Overload) => void
  load: LoadGauge
  storeDeadlineMs: number
  replyBudgetMs: number
}
type Respond = {
  /** A passive text reply (`success` when there is nothing to say). */
  answer(text: string | undefined): Response
  plain(text: string, status: 200 | 400 | 503): Response
  /** Whether WeChat has hung up already (it waits 5 s): an answer now would reach nobody. */
  gone(): boolean
  /** Nobody waits for a passive reply at all (the edge's queue delivering): the reply going as a message is the plan, not a miss. */
  nobodyWaits?: boolean
}

/**
 * One worker's message, once the webhook has authenticated, decrypted and parsed it: store it
 * (within the deadline), then answer with the ticket reply, or hand it over when the process
 * is behind or processing outlasts the reply budget. The webhook (webhook.ts) says which answer
 * means what to WeChat.
 */
export async function takeMessage(deps: MessageDeps, message: InboundMessage, originalTextLength: number | undefined, log: Logger, respond: Respond): Promise<Response> {
  const { load, storeDeadlineMs, replyBudgetMs } = deps
  const meta = {
    msgId: message.externalMessageId,
    kinds: message.media?.map((m) => m.kind),
    ...(originalTextLength ? { originalTextLength } : {}), // set when the text was cut to intake's limit
  }
  const started = Date.now()
  // Looked at on arrival: what makes a request late is the work already queued ahead of it.
  let behind = load.behind()
  // A sender over their allowance is told so, politely, and nothing is stored.
  const allowance = await deps.senderAllowance?.(message.externalUserId)
  if (allowance && !allowance.allowed) {
    log.warn({ msgId: message.externalMessageId, retryAfterSeconds: allowance.retryAfterSeconds }, 'sender over the message limit; not taken in')
    return respond.answer(deps.tooFastReply?.())
  }
  // Until the message is stored, only WeChat holds it: never `success` before that.
  const stored = await withinBudget(() => deps.receiveMessage(message), storeDeadlineMs)
  if (stored.status === 'timeout') {
    // Answered before WeChat gives up, so its retry comes at once; should this store still
    // complete, the retry finds the message stored and nothing is taken in twice.
    stored.promise.then(
      () => load.observeStore(Date.now() - started),
      (err: unknown) => log.error({ ...meta, err: errorSummary(err) }, 'a store past its deadline failed; WeChat delivers the message again'),
    )
    log.error({ ...meta, deadlineMs: storeDeadlineMs }, 'the message was not stored in time; answering 503 so WeChat delivers it again')
    return respond.plain('service unavailable', 503)
  }
  if (stored.status === 'rejected') {
    const err = stored.error
    // Intake's schema refused it, and would refuse every retry. normaliseCallback checks the same
    // schema, so this means the two have drifted apart: an error, but not an outage.
    if (err instanceof z.ZodError) {
      const fields = err.issues.map((i) => i.path.join('.')).join(', ') // names only: values are personal data
      log.error({ ...meta, fields }, 'intake refused the message as invalid; answering 400, not 503')
      return respond.plain('bad request', 400)
    }
    log.error({ ...meta, err: errorSummary(err) }, 'intake could not store the message; answering 503 so WeChat retries')
    return respond.plain('service unavailable', 503)
  }
  const receipt = stored.value
  load.observeStore(Date.now() - started)
  // Asked again once stored: a slow store or a saturated loop says the rest would be late too.
  // Not the requests in flight: a burst that arrived while this one was storing is behind it.
  behind ??= load.behind(1, { inFlight: false })
  // A repeat is WeChat saying it never heard the first answer: it gets that answer when it is
  // there. Otherwise its first copy is still on its way (handed over, or being processed,
  // and then sent as a message should WeChat have hung up), and waiting for it here is what
  // a process that is behind cannot afford.
  if (behind && !(receipt.duplicate && receipt.settled)) {
    deps.onShed?.(behind)
    // To the intake queue now. Should that fail, the relay hands it over a little later: it is stored either way.
    if (receipt.handOff) {
      await receipt.handOff().catch((err: unknown) => log.warn({ ...meta, err: errorSummary(err) }, 'hand-off to the intake queue failed; the outbox relay hands the message over'))
    }
    log.warn({ ...meta, behind, ...load.readings() }, 'behind: stored, answered success, processing left to the intake queue')
    return respond.plain('success', 200)
  }
  const outcome = await withinBudget(() => receipt.process(), Math.max(0, replyBudgetMs - (Date.now() - started)))
  if (outcome.status === 'rejected') {
    // Stored, so acknowledging loses nothing: the intake queue finishes it and sends the reply.
    log.error({ ...meta, err: errorSummary(outcome.error) }, 'processing failed; the stored message is left to the intake queue')
    return respond.plain('success', 200)
  }
  if (outcome.status === 'timeout') {
    log.warn(meta, 'processing missed the reply budget; answering success and deferring the reply')
    outcome.promise.catch((err: unknown) =>
      log.error({ ...meta, err: errorSummary(err) }, 'deferred processing failed; the stored message is left to the intake queue'),
    )
    try {
      deps.deferReply(message, outcome.promise)
    } catch (err) {
      log.error({ ...meta, err: errorSummary(err) }, 'deferReply threw')
    }
    return respond.plain('success', 200)
  }
  log.info({ ...meta, duplicate: outcome.value.duplicate, outcome: outcome.value.outcome }, 'message taken in')
  if (respond.gone() && !outcome.value.duplicate) {
    // Ready in time for us, too late for WeChat: the reply goes as a message of its own.
    if (respond.nobodyWaits) log.info(meta, 'nobody waits for a passive reply; the reply follows as a message')
    else log.warn(meta, 'WeChat hung up before the answer; the reply follows as a message')
    deps.deferReply(message, Promise.resolve(outcome.value))
  }
  return respond.answer(outcome.value.reply)
}
