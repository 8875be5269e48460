import { createHmac, randomBytes, randomInt } from 'node:crypto'
import { Hono, type Context } from 'hono'
import type { Logger } from 'pino'
import { errorSummary } from '../../lib/error-summary.ts'
import { neverBehind, type LoadGauge } from '../../lib/load-gauge.ts'
import { readBody } from '../../lib/read-body.ts'
import { withinBudget } from '../../lib/within-budget.ts'
import type { OfficialAccountConfig } from './config.ts'
import { DecryptError, decryptMessage, encryptMessage } from './crypto.ts'
import { MessageSchemaError, normaliseCallback, type OfficialAccountEvent, type ReplyAddress } from './messages.ts'
import { CallbackQuery, VerifyQuery } from './queries.ts'
import { sha1Signature, signatureMatches } from './signature.ts'
import { isFreshTimestamp } from './timestamp.ts'
import {
  buildEncryptedReplyXml,
  buildTextReplyXml,
  MAX_BODY_BYTES,
  parseCallbackXml,
  truncateUtf8,
  XmlRejectedError,
  type XmlDocument,
} from './xml.ts'
import { takeMessage, type MessageDeps } from './take-message.ts'

export type { Receipt } from './take-message.ts'

export type OfficialAccountWebhookDeps = Omit<MessageDeps, 'load' | 'storeDeadlineMs' | 'replyBudgetMs'> & {
  config: OfficialAccountConfig
  logger: Logger
  /** Follows, menu clicks, scans… `reply` is sent as a passive text reply when given. */
  handleEvent(evt: OfficialAccountEvent): Promise<{ reply?: string }>
  /** How long to wait for intake before answering `success`; WeChat gives up at 5 s. */
  replyBudgetMs?: number
  now?: () => Date
  /** Passive reply for message types the desk cannot take (prompts/wechat-oa/unsupported-message.md), asked for each time: the union may reword it. */
  unsupportedReply?: () => string
  /** The keyed hash logs name a user by (see hashOpenId). */
  hashUser?: (openId: string) => string
  /**
   * Whether this process is behind (event-loop lag, requests in flight, store latency). When it
   * is, a message is stored and handed to the intake queue, and WeChat hears `success` at once.
   */
  load?: LoadGauge
  /** How long storing may take before the answer is 503, so WeChat delivers again in time. */
  storeDeadlineMs?: number
}

/**
 * The WeChat Official Account callback (服务器配置 URL), as a Hono sub-app with GET and POST
 * on `/`. Mount it with `app.route('/wechat/official-account', officialAccountWebhook(deps))`.
 *
 * GET is WeChat's URL check: echo `echostr` when `signature` matches.
 *
 * POST: verify `signature` and the timestamp → read at most 64 KB → parse the XML →
 * in safe/compatible mode verify `msg_signature`, decrypt and check the AppID → validate →
 * normalise → intake. Answers:
 * - the message could not be stored (e.g. the database is down): 503, so WeChat delivers again.
 *   Only then: WeChat retries a 503 three times and then shows the worker "该公众号暂时无法提供服务",
 *   so anything a retry would meet again (a bad document, a text too long) is never a 503;
 * - stored and processed within `replyBudgetMs`: a passive text reply with `result.reply`;
 * - stored, processing still running: `success` at once, and the running promise goes to `deferReply`
 *   (stored messages are never lost: the intake queue finishes any whose processing fails);
 * - stored while the process is behind (`load`): `success` at once, and the intake queue finishes
 *   it and replies by customer-service message, so no answer waits for work queued behind others;
 * - not stored within `storeDeadlineMs`: 503, before WeChat's 5 seconds run out; should the store
 *   still complete, WeChat's retry meets the stored message;
 * - signature, timestamp, decryption or AppID wrong: 403 `forbidden`, the same body for
 *   every cause, so a prober learns nothing (in particular no padding oracle);
 * - body over 64 KB: 413; malformed XML, a DOCTYPE, a repeated field, or a document that fails
 *   its schema (ours, or intake's: a ZodError from `receiveMessage`): 400. A text over intake's
 *   limit is not among them: normalisation cuts it, with a marker (messages.ts).
 *
 * Mode: when the request is encrypted (`encrypt_type=aes`, both safe and compatible mode),
 * we decrypt `<Encrypt>` and ignore any plaintext copy, and the reply is encrypted and signed
 * too (WeChat accepts encrypted replies in compatible mode). When an EncodingAESKey is
 * configured, unencrypted POSTs are refused: WeChat's plain `signature` does not cover the
 * body, so accepting them would let a captured URL carry a forged message.
 *
 * @example
 * app.route('/wechat/official-account', officialAccountWebhook({ config, logger, receiveMessage, handleEvent, deferReply }))
 */
export const officialAccountWebhook = (deps: OfficialAccountWebhookDeps): Hono => {
  const { config, replyBudgetMs = 4000, storeDeadlineMs = 4000, load = neverBehind, now = () => new Date() } = deps
  const logger = deps.logger.child({ channel: 'wechat_oa' })
  const aesKeys = [config.WECHAT_OA_ENCODING_AES_KEY, config.WECHAT_OA_PREVIOUS_ENCODING_AES_KEY].filter(
    (k): k is string => k !== undefined,
  )
  const app = new Hono()

  app.get('/', (c) => {
    const token = config.WECHAT_OA_TOKEN
    const query = VerifyQuery.safeParse(c.req.query())
    if (token === undefined || !query.success) return forbidden(c, logger, 'verification query invalid')
    const { signature, timestamp, nonce, echostr } = query.data
    if (!isFreshTimestamp(timestamp, now())) return forbidden(c, logger, 'verification timestamp stale')
    if (!signatureMatches(signature, sha1Signature(token, timestamp, nonce))) {
      return forbidden(c, logger, 'verification signature mismatch')
    }
    logger.info('URL verification answered')
    return c.text(echostr)
  })

  app.post('/', async (c) => {
    const token = config.WECHAT_OA_TOKEN
    const query = CallbackQuery.safeParse(c.req.query())
    if (token === undefined || !query.success) return forbidden(c, logger, 'callback query invalid')
    const { signature, timestamp, nonce } = query.data
    if (!isFreshTimestamp(timestamp, now())) return forbidden(c, logger, 'callback timestamp stale')
    if (!signatureMatches(signature, sha1Signature(token, timestamp, nonce))) {
      return forbidden(c, logger, 'callback signature mismatch')
    }

    const body = await readBody(c.req.raw, MAX_BODY_BYTES)
    if (body === 'too_large') {
      logger.warn({ maxBytes: MAX_BODY_BYTES }, 'WeChat callback body too large')
      return c.text('payload too large', 413)
    }
    if (body === 'not_utf8') return badRequest(c, logger, 'body is not UTF-8')

    const encrypted = query.data.encrypt_type === 'aes'
    let doc: XmlDocument
    let replyKey: string | undefined
    try {
      const outer = parseCallbackXml(body)
      doc = outer
      if (encrypted) {
        if (aesKeys.length === 0 || config.WECHAT_OA_APP_ID === undefined) {
          logger.error('encrypted callback but WECHAT_OA_ENCODING_AES_KEY / WECHAT_OA_APP_ID are not set')
          return forbidden(c, logger, 'no key for encrypted callback')
        }
        const cipherText = outer.Encrypt
        const msgSignature = query.data.msg_signature
        if (typeof cipherText !== 'string' || msgSignature === undefined) return forbidden(c, logger, 'encrypted callback incomplete')
        // Signature first: only ciphertexts WeChat signed ever reach the decryptor.
        if (!signatureMatches(msgSignature, sha1Signature(token, timestamp, nonce, cipherText))) {
          return forbidden(c, logger, 'msg_signature mismatch')
        }
        const opened = decryptMessage(cipherText, config.WECHAT_OA_APP_ID, aesKeys)
        doc = parseCallbackXml(opened.xml)
        replyKey = opened.encodingAesKey
        if (replyKey !== aesKeys[0]) logger.warn('callback opened with the previous EncodingAESKey')
      } else if (aesKeys.length > 0) {
        logger.warn('plaintext callback refused: an EncodingAESKey is configured, so choose 安全模式 or 兼容模式 in 服务器配置')
        return forbidden(c, logger, 'plaintext callback while encryption is configured')
      }
    } catch (err) {
      if (err instanceof DecryptError) return forbidden(c, logger, `decrypt failed: ${err.message}`)
      if (err instanceof XmlRejectedError) return badRequest(c, logger, err.message)
      throw err
    }

    let callback: ReturnType<typeof normaliseCallback>
    try {
      callback = normaliseCallback(doc)
    } catch (err) {
      if (err instanceof MessageSchemaError) return badRequest(c, logger, err.message)
      throw err
    }

    const log = logger.child({ user: (deps.hashUser ?? hashOpenId)(callback.address.openId), mode: encrypted ? 'encrypted' : 'plaintext' })
    const answer = (text: string | undefined) => {
      if (text === undefined || text.trim() === '') return c.text('success')
      const replyXml = buildTextReplyXml({
        toUser: callback.address.openId,
        fromUser: callback.address.accountId,
        content: truncateUtf8(text),
        createTime: now(),
      })
      if (replyKey === undefined || config.WECHAT_OA_APP_ID === undefined) return xmlResponse(c, replyXml)
      return xmlResponse(c, encryptReply(replyXml, token, config.WECHAT_OA_APP_ID, replyKey, now()))
    }

    switch (callback.kind) {
      case 'unsupported':
        log.info({ msgType: callback.msgType }, 'unsupported message type answered, not stored')
        return answer(deps.unsupportedReply?.())
      case 'event': {
        const { event } = callback
        const outcome = await withinBudget(() => deps.handleEvent(event), replyBudgetMs)
        if (outcome.status === 'rejected') {
          log.error({ err: errorSummary(outcome.error), event: event.type }, 'event handler failed; answering 503 so WeChat retries')
          return serviceUnavailable(c)
        }
        if (outcome.status === 'timeout') {
          log.warn({ event: event.type }, 'event handler missed the reply budget; answered success without a reply')
          outcome.promise.catch((err: unknown) => log.error({ err: errorSummary(err), event: event.type }, 'late event handler failed'))
          return c.text('success')
        }
        log.info({ event: event.type }, 'event handled')
        return answer(outcome.value.reply)
      }
      case 'message':
        return load.track(() =>
          takeMessage({ ...deps, load, storeDeadlineMs, replyBudgetMs }, callback.message, callback.originalTextLength, log, {
            answer,
            plain: (text, status) => (status === 503 ? serviceUnavailable(c) : c.text(text, status)),
            gone: () => c.req.raw.signal.aborted,
          }),
        )
    }
  })

  return app
}

const encryptReply = (replyXml: string, token: string, appId: string, encodingAesKey: string, at: Date): string => {
  const encrypt = encryptMessage(replyXml, appId, encodingAesKey)
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const nonce = String(randomInt(100_000_000, 1_000_000_000))
  return buildEncryptedReplyXml({ encrypt, msgSignature: sha1Signature(token, timestamp, nonce, encrypt), timestamp, nonce })
}

/** The one answer for every authentication failure; the reason goes to the log only. */
const forbidden = (c: Context, logger: Logger, reason: string) => {
  logger.warn({ reason }, 'WeChat callback rejected')
  return c.text('forbidden', 403)
}

const badRequest = (c: Context, logger: Logger, reason: string) => {
  logger.warn({ reason }, 'WeChat callback malformed')
  return c.text('bad request', 400)
}

const serviceUnavailable = (c: Context) => c.text('service unavailable', 503, { 'Retry-After': '5' })

const xmlResponse = (c: Context, xml: string) => c.body(xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' })

/**
 * Enough to follow one worker through the logs without writing their OpenID down. Keyed:
 * an unkeyed hash of an OpenID can be matched against known OpenIDs. The desk passes its
 * own key (the same in every process); without one, a key made for this process.
 */
const processKey = randomBytes(32)
export const hashOpenId = (openId: string, key: Uint8Array = processKey): string => createHmac('sha256', key).update(openId).digest('hex').slice(0, 12)
