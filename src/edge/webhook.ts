import { Hono, type Context } from 'hono'
import type { EdgeForward } from '../channels/edge-forward/wire.ts'
import { MessageSchemaError, normaliseCallback, type NormalisedCallback } from '../channels/wechat-oa/messages.ts'
import { CallbackQuery, VerifyQuery } from '../channels/wechat-oa/queries.ts'
import { isFreshTimestamp } from '../channels/wechat-oa/timestamp.ts'
import { buildEncryptedReplyXml, buildTextReplyXml, MAX_BODY_BYTES, parseCallbackXml, XmlRejectedError, type XmlDocument } from '../channels/wechat-oa/xml.ts'
import { readBody } from '../lib/read-body.ts'
import { edgeConfig, EdgeConfigError, type EdgeBindings, type EdgeConfig } from './config.ts'
import { forwardToCore } from './forward.ts'
import { edgeLog } from './log.ts'
import { EdgeDecryptError, decryptMessage, encryptMessage } from './wechat-aes.ts'
import { randomNonce, sha1Signature, signatureMatches } from './web-crypto.ts'

type Env = { Bindings: EdgeBindings }

/**
 * The Official Account's callback URL at the edge: what the core's webhook
 * (src/channels/wechat-oa/webhook.ts) checks, checked the same way (the same query schemas,
 * timestamp rule, hardened XML reader and callback schemas; WebCrypto for SHA-1 and AES), and
 * the same answers: 403 `forbidden` for every authentication failure, 413 past 64 KB, 400 for
 * a document that is malformed or fails its schema.
 *
 * A valid message is handed to the core, which must hold it before WeChat hears `success`:
 * first the forward, for EDGE_FORWARD_DEADLINE_MS; a 200 means the core has stored it, and its
 * reply (if it came in time) is the passive reply. Otherwise the message goes to the queue,
 * durable once `send` resolves, and the consumer forwards it until the core takes it; the
 * reply then reaches the worker as a customer-service message. Only when neither holds it is
 * the answer 503, so that WeChat delivers it again.
 */
export const edgeWebhook = (): Hono<Env> => {
  const app = new Hono<Env>()

  app.get('/', async (c) => {
    const config = configOf(c)
    if (config instanceof Response) return config
    const query = VerifyQuery.safeParse(c.req.query())
    if (!query.success) return forbidden(c, 'verification query invalid')
    const { signature, timestamp, nonce, echostr } = query.data
    if (!isFreshTimestamp(timestamp, new Date())) return forbidden(c, 'verification timestamp stale')
    if (!signatureMatches(signature, await sha1Signature(config.WECHAT_OA_TOKEN, timestamp, nonce))) return forbidden(c, 'verification signature mismatch')
    edgeLog('info', 'URL verification answered')
    return c.text(echostr)
  })

  app.post('/', async (c) => {
    const config = configOf(c)
    if (config instanceof Response) return config
    const token = config.WECHAT_OA_TOKEN
    const query = CallbackQuery.safeParse(c.req.query())
    if (!query.success) return forbidden(c, 'callback query invalid')
    const { signature, timestamp, nonce } = query.data
    if (!isFreshTimestamp(timestamp, new Date())) return forbidden(c, 'callback timestamp stale')
    if (!signatureMatches(signature, await sha1Signature(token, timestamp, nonce))) return forbidden(c, 'callback signature mismatch')

    const body = await readBody(c.req.raw, MAX_BODY_BYTES)
    if (body === 'too_large') return c.text('payload too large', 413)
    if (body === 'not_utf8') return badRequest(c, 'body is not UTF-8')

    const aesKeys = [config.WECHAT_OA_ENCODING_AES_KEY, config.WECHAT_OA_PREVIOUS_ENCODING_AES_KEY].filter((k): k is string => k !== undefined)
    const encrypted = query.data.encrypt_type === 'aes'
    let doc: XmlDocument
    let replyKey: string | undefined
    try {
      doc = parseCallbackXml(body)
      if (encrypted) {
        if (aesKeys.length === 0 || config.WECHAT_OA_APP_ID === undefined) return forbidden(c, 'no key for encrypted callback')
        const cipherText = doc.Encrypt
        const msgSignature = query.data.msg_signature
        if (typeof cipherText !== 'string' || msgSignature === undefined) return forbidden(c, 'encrypted callback incomplete')
        // Signature first: only ciphertexts WeChat signed ever reach the decryptor.
        if (!signatureMatches(msgSignature, await sha1Signature(token, timestamp, nonce, cipherText))) return forbidden(c, 'msg_signature mismatch')
        const opened = await decryptMessage(cipherText, config.WECHAT_OA_APP_ID, aesKeys)
        doc = parseCallbackXml(opened.xml)
        replyKey = opened.encodingAesKey
      } else if (aesKeys.length > 0) {
        return forbidden(c, 'plaintext callback while encryption is configured')
      }
    } catch (err) {
      if (err instanceof EdgeDecryptError) return forbidden(c, `decrypt failed: ${err.message}`)
      if (err instanceof XmlRejectedError) return badRequest(c, err.message)
      throw err
    }

    let callback: NormalisedCallback
    try {
      callback = normaliseCallback(doc)
    } catch (err) {
      if (err instanceof MessageSchemaError) return badRequest(c, err.message)
      throw err
    }

    const answer = async (text: string | undefined) => {
      if (text === undefined || text.trim() === '') return c.text('success')
      const xml = buildTextReplyXml({ toUser: callback.address.openId, fromUser: callback.address.accountId, content: text, createTime: new Date() })
      if (replyKey === undefined || config.WECHAT_OA_APP_ID === undefined) return xmlResponse(c, xml)
      const encrypt = await encryptMessage(xml, config.WECHAT_OA_APP_ID, replyKey)
      const at = String(Math.floor(Date.now() / 1000))
      const replyNonce = randomNonce()
      return xmlResponse(c, buildEncryptedReplyXml({ encrypt, msgSignature: await sha1Signature(token, at, replyNonce, encrypt), timestamp: at, nonce: replyNonce }))
    }
    return handOver(c, config, forwardOf(callback, doc, config), callback.kind === 'unsupported', answer)
  })

  return app
}

/** The message as the core's intake takes it; events and unknown types as their flat document, read again by the core. */
const forwardOf = (callback: NormalisedCallback, doc: XmlDocument, config: EdgeConfig): EdgeForward => {
  // What is left of WeChat's 5 seconds after the network both ways.
  const replyBudgetMs = Math.max(0, config.EDGE_FORWARD_DEADLINE_MS - 500)
  if (callback.kind === 'message') {
    const { message, originalTextLength } = callback
    return {
      v: 1, mode: 'reply', replyBudgetMs,
      callback: { kind: 'message', message: { ...message, channel: 'wechat_oa', receivedAt: new Date(message.receivedAt).toISOString() }, ...(originalTextLength ? { originalTextLength } : {}) },
    }
  }
  // Events are flat; nested blocks (ScanCodeInfo, SendPicsInfo) are not read by normaliseCallback.
  const document = Object.fromEntries(Object.entries(doc).filter((e): e is [string, string] => typeof e[1] === 'string'))
  return { v: 1, mode: 'reply', replyBudgetMs, callback: { kind: 'document', document } }
}

const handOver = async (c: Context<Env>, config: EdgeConfig, forward: EdgeForward, unsupported: boolean, answer: (text: string | undefined) => Promise<Response>) => {
  const kind = forward.callback.kind === 'message' ? 'message' : unsupported ? 'unsupported' : 'event'
  const outcome = await forwardToCore(config, forward, config.EDGE_FORWARD_DEADLINE_MS)
  if (outcome.kind === 'stored') {
    edgeLog('info', 'handed to the core', { kind, answered: outcome.answer.reply !== undefined })
    return answer(outcome.answer.reply)
  }
  if (outcome.kind === 'refused') return badRequest(c, `the core refused the ${kind} (${outcome.status})`)
  // A type the desk cannot take is only ever answered, never kept: the core's wording for it is all that is missing.
  if (unsupported) return c.text('success')
  try {
    await c.env.INBOUND.send({ ...forward, mode: 'deliver' })
  } catch {
    edgeLog('error', 'neither the core nor the queue took the callback; answering 503 so WeChat delivers it again', { kind, reason: outcome.reason })
    return c.text('service unavailable', 503, { 'Retry-After': '5' })
  }
  edgeLog('warn', 'core not reached in time; queued, the reply follows as a message', { kind, reason: outcome.reason })
  return c.text('success')
}

const configOf = (c: Context<Env>): EdgeConfig | Response => {
  try {
    return edgeConfig(c.env)
  } catch (err) {
    if (!(err instanceof EdgeConfigError)) throw err
    edgeLog('error', err.message)
    return c.text('the edge is not configured', 500)
  }
}

/** The one answer for every authentication failure; the reason goes to the log only. */
const forbidden = (c: Context, reason: string) => {
  edgeLog('warn', 'WeChat callback rejected', { reason })
  return c.text('forbidden', 403)
}

const badRequest = (c: Context, reason: string) => {
  edgeLog('warn', 'WeChat callback malformed', { reason })
  return c.text('bad request', 400)
}

const xmlResponse = (c: Context, xml: string) => c.body(xml, 200, { 'Content-Type': 'application/xml; charset=utf-8' })
