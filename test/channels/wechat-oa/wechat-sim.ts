import { decryptMessage, encryptMessage } from '../../../src/channels/wechat-oa/crypto.ts'
import { sha1Signature } from '../../../src/channels/wechat-oa/signature.ts'
import { parseWeChatXml, type XmlDocument } from '../../../src/channels/wechat-oa/xml.ts'

/**
 * Builds callbacks the way WeChat's servers do (signing, encrypting, XML layout), so the
 * webhook tests exercise the real protocol end to end. Written from WeChat's documentation,
 * independently of the code under test except for the two primitives whose own tests pin
 * them to WeChat's published vectors (sha1Signature, encryptMessage).
 */

export const TOKEN = 'niangjia2026'
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
export const PREVIOUS_AES_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut'
export const APP_ID = 'wxb11529c136998cb6'
export const ACCOUNT = 'gh_3f5a7c9e1b2d'
export const OPENID = 'oWx9Z5nJc8kq3mP0aBcDeFgHiJkL'
export const NOW = new Date('2026-11-25T06:00:00Z')

export const unix = (d: Date) => String(Math.floor(d.getTime() / 1000))

/** `<xml>` with strings in CDATA and numbers bare, as WeChat writes it. */
export type Fields = Record<string, string | number | bigint>
export const callbackXml = (fields: Fields): string =>
  `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === 'string' ? `<![CDATA[${v}]]>` : v}</${k}>`)
    .join('\n')}</xml>`

/** A 19-digit MsgId, beyond 2^53: it must reach intake digit for digit. */
export const MSG_ID = 7438123456789012345n

export const messageXml = (msgType: string, fields: Fields = {}) =>
  callbackXml({ ToUserName: ACCOUNT, FromUserName: OPENID, CreateTime: Number(unix(NOW)), MsgType: msgType, ...fields, MsgId: MSG_ID })

export const textXml = (content: string) => messageXml('text', { Content: content })

export const eventXml = (event: string, extra: Fields = {}) =>
  callbackXml({ ToUserName: ACCOUNT, FromUserName: OPENID, CreateTime: Number(unix(NOW)), MsgType: 'event', Event: event, ...extra })

type SignOptions = { token?: string; timestamp?: string; nonce?: string }

const query = (params: Record<string, string>) => `/?${new URLSearchParams(params).toString()}`

/** WeChat's URL check (GET). */
export const verificationPath = (echostr: string, opts: SignOptions = {}) => {
  const timestamp = opts.timestamp ?? unix(NOW)
  const nonce = opts.nonce ?? '1514711492'
  return query({ signature: sha1Signature(opts.token ?? TOKEN, timestamp, nonce), timestamp, nonce, echostr })
}

/** A plaintext-mode (明文模式) POST. */
export const plainRequest = (xml: string, opts: SignOptions = {}): [string, RequestInit] => {
  const timestamp = opts.timestamp ?? unix(NOW)
  const nonce = opts.nonce ?? '1320562132'
  const path = query({ signature: sha1Signature(opts.token ?? TOKEN, timestamp, nonce), timestamp, nonce, openid: OPENID })
  return [path, { method: 'POST', body: xml, headers: { 'Content-Type': 'text/xml' } }]
}

type EncryptOptions = SignOptions & {
  aesKey?: string
  appId?: string
  /** safe: the body has only ToUserName and Encrypt; compatible: plaintext fields as well. */
  mode?: 'safe' | 'compatible'
  /** Replace the Encrypt text after encryption (and sign the replacement). */
  encrypt?: string
  /** Sign something other than what is sent. */
  msgSignature?: string
}

/** A safe-mode (安全模式) or compatible-mode (兼容模式) POST. */
export const encryptedRequest = (xml: string, opts: EncryptOptions = {}): [string, RequestInit] => {
  const token = opts.token ?? TOKEN
  const timestamp = opts.timestamp ?? unix(NOW)
  const nonce = opts.nonce ?? '1320562132'
  const encrypt = opts.encrypt ?? encryptMessage(xml, opts.appId ?? APP_ID, opts.aesKey ?? AES_KEY)
  const inner = opts.mode === 'compatible' ? xml.replace(/<\/xml>\s*$/, '') : `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName>`
  const body = `${inner}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
  const path = query({
    signature: sha1Signature(token, timestamp, nonce),
    timestamp,
    nonce,
    openid: OPENID,
    encrypt_type: 'aes',
    msg_signature: opts.msgSignature ?? sha1Signature(token, timestamp, nonce, encrypt),
  })
  return [path, { method: 'POST', body, headers: { 'Content-Type': 'text/xml' } }]
}

/** What WeChat does with an encrypted reply: check MsgSignature, decrypt, read the XML. */
export const openEncryptedReply = (replyXml: string, aesKey = AES_KEY): { doc: XmlDocument; signatureOk: boolean } => {
  const envelope = parseWeChatXml(replyXml)
  const { Encrypt, MsgSignature, TimeStamp, Nonce } = envelope as Record<string, string>
  const signatureOk = sha1Signature(TOKEN, TimeStamp!, Nonce!, Encrypt!) === MsgSignature
  return { doc: parseWeChatXml(decryptMessage(Encrypt!, APP_ID, [aesKey]).xml), signatureOk }
}
