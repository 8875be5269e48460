import { createHmac, timingSafeEqual } from 'node:crypto'
import { Hono, type Context } from 'hono'
import type { Logger } from 'pino'
import { errorBody } from '../../http/errors.ts'
import { errorSummary } from '../../lib/error-summary.ts'
import { readBody } from '../../lib/read-body.ts'
import { withinBudget } from '../../lib/within-budget.ts'
import { MessageSchemaError, normaliseCallback, type OfficialAccountEvent } from '../wechat-oa/messages.ts'
import { takeMessage, type MessageDeps } from '../wechat-oa/take-message.ts'
import { truncateUtf8 } from '../wechat-oa/xml.ts'
import {
  EdgeForward,
  FORWARD_SIGNATURE_HEADER,
  FORWARD_TIMESTAMP_HEADER,
  FORWARD_WINDOW_SECONDS,
  macInput,
  MAX_FORWARD_BYTES,
  type ForwardAnswer,
} from './wire.ts'

export type EdgeIngressDeps = MessageDeps & {
  /** EDGE_FORWARD_SECRET: the same on the edge and here. */
  secret: string
  logger: Logger
  handleEvent(evt: OfficialAccountEvent): Promise<{ reply?: string }>
  unsupportedReply?: () => string
  hashUser: (openId: string) => string
  /** Records a MAC as seen for `seconds`; false when it had been seen (a replay). Shared by every process. */
  firstSight(mac: string, seconds: number): Promise<boolean>
  now?: () => Date
}

/**
 * The core's door for the edge entry: POST {@link EDGE_INBOUND_PATH}, a callback the edge has
 * already verified with WeChat's signature, decrypted and parsed. Here: the HMAC and its
 * window (constant time), a replay, the body's schema; then the message goes through the same
 * intake step as the core's own webhook (takeMessage), deduplicated by (channel, message id).
 *
 * Answers: 200 {@link ForwardAnswer} once the message is stored (a duplicate too, so the
 * edge's queue lets go of it); 503 when it could not be stored (the edge queues it, or its
 * queue retries); 401 for a bad or stale MAC and 409 for a replay, with a reason; 400 for a
 * body that fails the schema; 413 past {@link MAX_FORWARD_BYTES}.
 */
export const edgeIngress = (deps: EdgeIngressDeps): Hono => {
  const { now = () => new Date() } = deps
  const logger = deps.logger.child({ channel: 'wechat_oa', via: 'edge' })
  const app = new Hono()

  app.post('/', async (c) => {
    const timestamp = c.req.header(FORWARD_TIMESTAMP_HEADER) ?? ''
    const mac = c.req.header(FORWARD_SIGNATURE_HEADER) ?? ''
    if (!/^[0-9]{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(mac)) return refuse(c, logger, 401, 'unauthenticated', 'Sign the forward: a Unix-seconds timestamp and a hex HMAC-SHA256 in the edge headers.')
    if (Math.abs(Math.floor(now().getTime() / 1000) - Number(timestamp)) > FORWARD_WINDOW_SECONDS) {
      return refuse(c, logger, 401, 'stale', `The forward's timestamp is more than ${FORWARD_WINDOW_SECONDS} s from the core's clock: check both clocks.`)
    }
    const body = await readBody(c.req.raw, MAX_FORWARD_BYTES)
    if (body === 'too_large') return refuse(c, logger, 413, 'payload_too_large', `A forward is at most ${MAX_FORWARD_BYTES} bytes.`)
    if (body === 'not_utf8') return refuse(c, logger, 400, 'bad_request', 'The body is not UTF-8.')
    const expected = createHmac('sha256', deps.secret).update(macInput(timestamp, body)).digest()
    if (!timingSafeEqual(Buffer.from(mac, 'hex'), expected)) {
      return refuse(c, logger, 401, 'bad_signature', 'The HMAC does not match: EDGE_FORWARD_SECRET must be the same on the edge and the core.')
    }
    const seen = await deps.firstSight(`${timestamp}:${mac}`, FORWARD_WINDOW_SECONDS * 2).then(
      (first) => !first,
      // Without Redis the message is still deduplicated by intake: a replay then does no harm, and refusing would hold up every message.
      (err: unknown) => (logger.warn({ err: errorSummary(err) }, 'replay check unavailable; taking the forward on deduplication alone'), false),
    )
    if (seen) return refuse(c, logger, 409, 'replayed', 'This signed forward was received before; the edge signs every attempt anew.')
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      return refuse(c, logger, 400, 'bad_request', 'The body is not JSON.')
    }
    const parsed = EdgeForward.safeParse(json)
    if (!parsed.success) {
      // Field names only: values are personal data.
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))].join(', ')
      return refuse(c, logger, 400, 'invalid_forward', `The forward does not match the edge contract (src/channels/edge-forward/wire.ts): ${fields}`)
    }
    const forward = parsed.data
    const budget = Math.min(deps.replyBudgetMs, forward.replyBudgetMs ?? deps.replyBudgetMs)
    const answered = (reply: string | undefined): ForwardAnswer => (reply && reply.trim() !== '' ? { status: 'answered', reply: truncateUtf8(reply) } : { status: 'answered' })

    if (forward.callback.kind === 'document') {
      let callback: ReturnType<typeof normaliseCallback>
      try {
        callback = normaliseCallback(forward.callback.document)
      } catch (err) {
        if (err instanceof MessageSchemaError) return refuse(c, logger, 400, 'invalid_forward', err.message)
        throw err
      }
      if (callback.kind === 'message') return refuse(c, logger, 400, 'invalid_forward', 'A message is forwarded as kind "message", not as a document.')
      if (callback.kind === 'unsupported') return c.json(answered(deps.unsupportedReply?.()))
      const { event } = callback
      const log = logger.child({ user: deps.hashUser(event.openId), event: event.type, mode: forward.mode })
      const outcome = await withinBudget(() => deps.handleEvent(event), forward.mode === 'reply' ? budget : 60_000)
      if (outcome.status === 'rejected') {
        log.error({ err: errorSummary(outcome.error) }, 'event from the edge failed; answering 503 so it comes again')
        return unavailable(c)
      }
      if (outcome.status === 'timeout') {
        outcome.promise.catch((err: unknown) => log.error({ err: errorSummary(err) }, 'late event handler failed'))
        return c.json({ status: 'accepted' } satisfies ForwardAnswer)
      }
      log.info('event from the edge handled')
      return c.json(answered(outcome.value.reply))
    }

    const { message, originalTextLength } = forward.callback
    const log = logger.child({ user: deps.hashUser(message.externalUserId), mode: forward.mode })
    const delivering = forward.mode === 'deliver'
    return takeMessage(
      {
        ...deps,
        // Already taken in by the edge and queued while the core was away: a limit now would lose it.
        ...(delivering ? { senderAllowance: undefined } : {}),
        // The core's own store deadline either way: should the edge stop waiting, the copy it queues meets this one stored.
        replyBudgetMs: delivering ? deps.replyBudgetMs : budget,
      },
      message,
      originalTextLength,
      log,
      {
        answer: (text) => c.json(answered(text)),
        plain: (_text, status) =>
          status === 200 ? c.json({ status: 'accepted' } satisfies ForwardAnswer) : status === 503 ? unavailable(c) : refuse(c, logger, 400, 'invalid_forward', 'Intake refused the message.'),
        // From the queue nobody is waiting: a fresh message's reply goes as a message of its own.
        gone: () => delivering || c.req.raw.signal.aborted,
        nobodyWaits: delivering,
      },
    )
  })
  return app
}

const refuse = (c: Context, logger: Logger, status: 400 | 401 | 409 | 413, code: string, message: string) => {
  logger.warn({ status, code }, 'forward from the edge refused')
  return c.json(errorBody(code, message), status)
}

const unavailable = (c: Context) => c.json(errorBody('unavailable', 'The core could not store the message now; send it again.'), 503, { 'Retry-After': '5' })
