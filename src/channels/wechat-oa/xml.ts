import { XMLParser } from 'fast-xml-parser'
import { scanMarkup } from './xml-scan.ts'

/**
 * The XML WeChat posts to us, read as untrusted input.
 *
 * WeChat's documents are flat: one `<xml>` root, string fields wrapped in CDATA, numbers bare,
 * a few small nested blocks (ScanCodeInfo, SendLocationInfo, SendPicsInfo). So the parser is
 * configured to understand exactly that and nothing clever:
 * - no DTD at all: any `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, `<!ATTLIST` outside CDATA and
 *   comments is rejected *before* parsing by a scan that reads comments and CDATA as the
 *   parser does (xml-scan.ts; fast-xml-parser would otherwise read a DOCTYPE wherever it
 *   appears), which rules out XXE and billion-laughs expansion;
 * - no entity processing in the parser; the five predefined entities and numeric character
 *   references in plain (non-CDATA) text are decoded by us, one pass, no recursion;
 * - every value stays a string: a 19-digit MsgId or a Content of `0012` is kept verbatim
 *   (numbers are the schema's job, not the parser's);
 * - CDATA is never trimmed or decoded: what the worker typed is what we keep.
 */

export const MAX_BODY_BYTES = 64 * 1024

export class XmlRejectedError extends Error {
  override name = 'XmlRejectedError'
}

/** A parsed `<xml>` document: element name → text, nested document, or (if repeated) a list. */
export type XmlValue = string | XmlDocument | XmlValue[]
export type XmlDocument = { [name: string]: XmlValue }

const CDATA_KEY = '#cdata'
const TEXT_KEY = '#text'

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: false,
  cdataPropName: CDATA_KEY,
  textNodeName: TEXT_KEY,
  // WeChat nests three levels at most (xml > SendPicsInfo > PicList > item); deep nesting is an attack.
  maxNestedTags: 8,
  isArray: () => false,
})

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
const decodeText = (text: string): string =>
  text.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref]!
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole
  })

type Raw = string | { [k: string]: Raw } | Raw[]

/** Collapses the parser's CDATA/text nodes into plain strings, keeping CDATA verbatim. */
const flatten = (node: Raw): XmlValue => {
  if (typeof node === 'string') return decodeText(node)
  if (Array.isArray(node)) return node.map(flatten)
  const keys = Object.keys(node)
  if (keys.includes(CDATA_KEY) && keys.every((k) => k === CDATA_KEY || k === TEXT_KEY)) {
    // <Content><![CDATA[a]]></Content> → "a"; text around the CDATA is whitespace in practice.
    const sections = node[CDATA_KEY]!
    const cdata = (Array.isArray(sections) ? sections : [sections]).map((s) => (typeof s === 'string' ? s : '')).join('')
    const text = node[TEXT_KEY]
    const outer = typeof text === 'string' ? text.trim() : ''
    return outer === '' ? cdata : decodeText(outer) + cdata
  }
  const out: XmlDocument = {}
  for (const key of keys) {
    if (key === TEXT_KEY) continue // whitespace between child elements
    out[key] = flatten(node[key]!)
  }
  return out
}

/**
 * Parses one WeChat XML document and returns the children of its `<xml>` root; a repeated
 * element becomes a list. Throws {@link XmlRejectedError} for a DTD, malformed XML, or any
 * other root. A callback is read with {@link parseCallbackXml}, which is stricter.
 */
export const parseWeChatXml = (text: string): XmlDocument => flatten(parseRoot(text)) as XmlDocument

/**
 * Parses a callback document (消息, 事件推送, or the encrypted envelope): as {@link parseWeChatXml},
 * and each child of `<xml>` appears once. WeChat never repeats a field, and a repeated
 * `<MsgType>` or `<FromUserName>` is a document two readers could understand differently.
 * Repeats deeper down are WeChat's lists (SendPicsInfo > PicList > item) and are kept.
 */
export const parseCallbackXml = (text: string): XmlDocument => {
  const root = parseRoot(text)
  // With `isArray: () => false`, the parser makes an array only of a repeated element.
  const repeated = Object.keys(root).find((k) => k !== TEXT_KEY && Array.isArray(root[k]))
  if (repeated !== undefined) throw new XmlRejectedError(`field repeated: ${repeated.slice(0, 32)}`)
  return flatten(root) as XmlDocument
}

/** The scan, the validating parse, and the one-`<xml>`-root check; the root's raw children. */
const parseRoot = (text: string): { [k: string]: Raw } => {
  const { problem } = scanMarkup(text)
  if (problem !== undefined) throw new XmlRejectedError(problem)
  let raw: Record<string, Raw>
  try {
    // `true` runs the validator first, so unclosed or mismatched tags throw instead of
    // being silently repaired.
    raw = parser.parse(text, true) as Record<string, Raw>
  } catch (err) {
    throw new XmlRejectedError(`malformed XML: ${(err as Error).message.slice(0, 120)}`)
  }
  const roots = Object.keys(raw).filter((k) => k !== TEXT_KEY)
  const root = raw.xml
  if (roots.length !== 1 || root === undefined || typeof root !== 'object' || Array.isArray(root)) {
    throw new XmlRejectedError('expected exactly one <xml> root element')
  }
  return root
}

/** Wraps text in CDATA; a literal `]]>` is split across two sections so it cannot end ours. */
export const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`

/**
 * The passive reply (被动回复) for a text message: swaps From/To of the message we answer.
 * WeChat caps the content at 2048 bytes; see {@link truncateUtf8}.
 */
export const buildTextReplyXml = (args: { toUser: string; fromUser: string; content: string; createTime: Date }): string =>
  `<xml><ToUserName>${cdata(args.toUser)}</ToUserName><FromUserName>${cdata(args.fromUser)}</FromUserName>` +
  `<CreateTime>${Math.floor(args.createTime.getTime() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
  `<Content>${cdata(args.content)}</Content></xml>`

/** The envelope of an encrypted reply in safe/compatible mode. */
export const buildEncryptedReplyXml = (args: { encrypt: string; msgSignature: string; timestamp: string; nonce: string }): string =>
  `<xml><Encrypt>${cdata(args.encrypt)}</Encrypt><MsgSignature>${cdata(args.msgSignature)}</MsgSignature>` +
  `<TimeStamp>${args.timestamp}</TimeStamp><Nonce>${cdata(args.nonce)}</Nonce></xml>`

/** WeChat's limit for a text message's content, in UTF-8 bytes (passive replies and CS messages). */
export const MAX_TEXT_BYTES = 2048

/** Cuts `text` to at most `maxBytes` of UTF-8 at a character boundary, marking the cut with "…". */
export const truncateUtf8 = (text: string, maxBytes = MAX_TEXT_BYTES): string => {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const ellipsis = '…'
  let bytes = Buffer.byteLength(ellipsis, 'utf8')
  let out = ''
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (bytes + size > maxBytes) break
    out += ch
    bytes += size
  }
  return out + ellipsis
}
