import { concatBytes } from '../lib/bytes.ts'
import { bytesEqual } from './web-crypto.ts'

/**
 * WeChat's safe-mode encryption (src/channels/wechat-oa/crypto.ts) on WebCrypto.
 *
 * The catch: WeChat pads with PKCS#7 to a **32-byte** block, and WebCrypto's AES-CBC always
 * adds and strips its own 16-byte PKCS#7 padding, with no way to turn it off. So:
 * - encrypting, we pad to 32 ourselves; WebCrypto then appends one more block (sixteen 0x10
 *   bytes), whose ciphertext is the last 16 bytes of its output. CBC never lets a later block
 *   change an earlier one, so dropping those 16 bytes leaves exactly WeChat's ciphertext.
 * - decrypting, WebCrypto would read WeChat's last plaintext block as padding and refuse it.
 *   We append the block that decrypts to sixteen 0x10 bytes: in CBC, block E after C_last
 *   decrypts to D(E) XOR C_last, so E = AES(0x10…0x10 XOR C_last), which is the first block of
 *   encrypting 0x10…0x10 with C_last as the IV. WebCrypto strips that block and hands back
 *   WeChat's plaintext, whose 32-byte padding we check ourselves (constant time).
 *
 * As in the core, the caller checks msg_signature first, and every failure is one
 * {@link EdgeDecryptError} answered like a bad signature: no padding oracle.
 */

const BLOCK_SIZE = 32
const AES_BLOCK = 16
const RANDOM_PREFIX_BYTES = 16
const LENGTH_BYTES = 4
const KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const utf8 = new TextEncoder()
/** WebCrypto takes views of a plain ArrayBuffer, never a shared one. */
type Bytes = Uint8Array<ArrayBuffer>

export class EdgeDecryptError extends Error {
  override name = 'EdgeDecryptError'
}

type AesKey = { key: CryptoKey; iv: Bytes }
const keys = new Map<string, Promise<AesKey>>()

const fromBase64 = (text: string): Bytes => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0))
const toBase64 = (bytes: Uint8Array): string => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The 43-character EncodingAESKey as an AES-256 key, its IV the key's first 16 bytes (WeChat's choice). */
const aesKey = (encodingAesKey: string): Promise<AesKey> => {
  let found = keys.get(encodingAesKey)
  if (!found) {
    if (!KEY_PATTERN.test(encodingAesKey)) throw new Error('EncodingAESKey must be 43 base64 characters')
    const raw = fromBase64(`${encodingAesKey}=`)
    found = crypto.subtle.importKey('raw', raw, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']).then((key) => ({ key, iv: raw.slice(0, 16) }))
    keys.set(encodingAesKey, found)
  }
  return found
}

export const pkcs7Pad32 = (data: Uint8Array): Bytes => {
  const amount = BLOCK_SIZE - (data.length % BLOCK_SIZE)
  return concatBytes([data, new Uint8Array(amount).fill(amount)])
}

const pkcs7Unpad32 = (data: Uint8Array): Uint8Array => {
  const amount = data[data.length - 1] ?? 0
  if (amount < 1 || amount > BLOCK_SIZE || amount > data.length) throw new EdgeDecryptError('padding')
  if (!bytesEqual(data.subarray(data.length - amount), new Uint8Array(amount).fill(amount))) throw new EdgeDecryptError('padding')
  return data.subarray(0, data.length - amount)
}

/** Encrypts `xml` for `appId`: the Base64 text of `<Encrypt>`. `random` is fixed only to reproduce WeChat's published vector. */
export const encryptMessage = async (xml: string, appId: string, encodingAesKey: string, random = crypto.getRandomValues(new Uint8Array(RANDOM_PREFIX_BYTES))): Promise<string> => {
  if (random.length !== RANDOM_PREFIX_BYTES) throw new Error('random prefix must be 16 bytes')
  const { key, iv } = await aesKey(encodingAesKey)
  const body = utf8.encode(xml)
  const length = new Uint8Array(LENGTH_BYTES)
  new DataView(length.buffer).setUint32(0, body.length)
  const plain = pkcs7Pad32(concatBytes([random, length, body, utf8.encode(appId)]))
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plain))
  return toBase64(sealed.subarray(0, plain.length))
}

const decryptWithKey = async (ciphertext: Bytes, encodingAesKey: string, appId: string): Promise<string> => {
  const { key, iv } = await aesKey(encodingAesKey)
  const last = ciphertext.slice(ciphertext.length - AES_BLOCK)
  const tail = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: last }, key, new Uint8Array(AES_BLOCK).fill(AES_BLOCK))).slice(0, AES_BLOCK)
  let plain: Uint8Array
  try {
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, concatBytes([ciphertext, tail])))
  } catch {
    throw new EdgeDecryptError('cipher')
  }
  const content = pkcs7Unpad32(plain)
  if (content.length < RANDOM_PREFIX_BYTES + LENGTH_BYTES) throw new EdgeDecryptError('too short')
  const xmlLength = new DataView(content.buffer, content.byteOffset, content.byteLength).getUint32(RANDOM_PREFIX_BYTES)
  const xmlStart = RANDOM_PREFIX_BYTES + LENGTH_BYTES
  if (xmlLength > content.length - xmlStart) throw new EdgeDecryptError('length field')
  if (!bytesEqual(content.subarray(xmlStart + xmlLength), utf8.encode(appId))) throw new EdgeDecryptError('appid')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(xmlStart, xmlStart + xmlLength))
  } catch {
    throw new EdgeDecryptError('utf-8')
  }
}

/** Decrypts `<Encrypt>`, trying `[current, previous]` keys in order (key rotation); says which key opened it. */
export const decryptMessage = async (encrypted: string, appId: string, encodingAesKeys: readonly string[]): Promise<{ xml: string; encodingAesKey: string }> => {
  if (!BASE64_PATTERN.test(encrypted)) throw new EdgeDecryptError('base64')
  const ciphertext = fromBase64(encrypted)
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_SIZE !== 0) throw new EdgeDecryptError('ciphertext length')
  const reasons: string[] = []
  for (const encodingAesKey of encodingAesKeys) {
    try {
      return { xml: await decryptWithKey(ciphertext, encodingAesKey, appId), encodingAesKey }
    } catch (err) {
      if (!(err instanceof EdgeDecryptError)) throw err
      reasons.push(err.message)
    }
  }
  throw new EdgeDecryptError(`no key opened the message (${reasons.join(', ')})`)
}
