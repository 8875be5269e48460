import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * WeChat's message encryption for safe (安全) and compatible (兼容) mode.
 *
 * - key = Base64-decode(EncodingAESKey + "="), 32 bytes → AES-256-CBC;
 * - IV = the first 16 bytes of the key (WeChat's choice, not ours: it is fixed per key);
 * - plaintext = 16 random bytes ‖ 4-byte big-endian length of the XML ‖ XML ‖ AppID;
 * - PKCS#7 padding to a **32-byte** block. Node's built-in padding pads to AES's 16-byte
 *   block, which WeChat rejects for some lengths, so auto-padding is off and we pad ourselves.
 *
 * Callers must verify `msg_signature` *before* calling {@link decryptMessage}: the signature
 * covers the ciphertext, so nobody without the token can feed us chosen ciphertexts, and
 * every failure below surfaces as one {@link DecryptError} that the webhook answers with the
 * same response as a bad signature. Together that leaves no padding oracle.
 */

const BLOCK_SIZE = 32
const RANDOM_PREFIX_BYTES = 16
const LENGTH_BYTES = 4

/** Raised for every decryption failure, whatever the cause; the message is for logs only. */
export class DecryptError extends Error {
  override name = 'DecryptError'
}

/** Turns the 43-character EncodingAESKey into the 32-byte AES key. */
export const decodeAesKey = (encodingAesKey: string): Buffer => {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new Error('EncodingAESKey must be 43 base64 characters')
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes')
  return key
}

export const pkcs7Pad = (data: Buffer, blockSize = BLOCK_SIZE): Buffer => {
  // Always pad, 1..blockSize bytes: a full block of padding when the data is already aligned.
  const amount = blockSize - (data.length % blockSize)
  return Buffer.concat([data, Buffer.alloc(amount, amount)])
}

export const pkcs7Unpad = (data: Buffer, blockSize = BLOCK_SIZE): Buffer => {
  if (data.length === 0 || data.length % 16 !== 0) throw new DecryptError('ciphertext length')
  const amount = data[data.length - 1]!
  if (amount < 1 || amount > blockSize || amount > data.length) throw new DecryptError('padding')
  // Compare all padding bytes at once instead of stopping at the first wrong one.
  const tail = data.subarray(data.length - amount)
  if (!timingSafeEqual(tail, Buffer.alloc(amount, amount))) throw new DecryptError('padding')
  return data.subarray(0, data.length - amount)
}

export type EncryptOptions = {
  /** 16 bytes; random by default. Fixed only in tests, to reproduce WeChat's published vector. */
  random?: Buffer
}

/** Encrypts `xml` for `appId`; returns the Base64 text that goes into `<Encrypt>`. */
export const encryptMessage = (xml: string, appId: string, encodingAesKey: string, opts: EncryptOptions = {}): string => {
  const key = decodeAesKey(encodingAesKey)
  const random = opts.random ?? randomBytes(RANDOM_PREFIX_BYTES)
  if (random.length !== RANDOM_PREFIX_BYTES) throw new Error('random prefix must be 16 bytes')
  const body = Buffer.from(xml, 'utf8')
  const length = Buffer.alloc(LENGTH_BYTES)
  length.writeUInt32BE(body.length, 0)
  const plain = pkcs7Pad(Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]))
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}

/** Strict Base64 (Node's decoder silently skips junk characters; we do not want that). */
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

const decryptWithKey = (ciphertext: Buffer, key: Buffer, appId: string): string => {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  let plain: Buffer
  try {
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  } catch {
    throw new DecryptError('cipher')
  }
  const content = pkcs7Unpad(plain)
  if (content.length < RANDOM_PREFIX_BYTES + LENGTH_BYTES) throw new DecryptError('too short')
  const xmlLength = content.readUInt32BE(RANDOM_PREFIX_BYTES)
  const xmlStart = RANDOM_PREFIX_BYTES + LENGTH_BYTES
  if (xmlLength > content.length - xmlStart) throw new DecryptError('length field')
  const receivedAppId = content.subarray(xmlStart + xmlLength)
  const expectedAppId = Buffer.from(appId, 'utf8')
  if (receivedAppId.length !== expectedAppId.length || !timingSafeEqual(receivedAppId, expectedAppId)) {
    throw new DecryptError('appid')
  }
  // fatal: invalid UTF-8 is a failure, not a string full of U+FFFD.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(xmlStart, xmlStart + xmlLength))
  } catch {
    throw new DecryptError('utf-8')
  }
}

/**
 * Decrypts the Base64 `<Encrypt>` text and returns the inner XML.
 *
 * `encodingAesKeys` is tried in order: pass `[current, previous]` so that messages encrypted
 * with the previous key still open while an operator rotates the key in 服务器配置 (WeChat
 * switches over when the form is saved, our env may change a little earlier or later).
 * Returns which key worked, so the reply can be encrypted with the same one.
 */
export const decryptMessage = (
  encrypted: string,
  appId: string,
  encodingAesKeys: readonly string[],
): { xml: string; encodingAesKey: string } => {
  if (!BASE64_PATTERN.test(encrypted)) throw new DecryptError('base64')
  const ciphertext = Buffer.from(encrypted, 'base64')
  if (ciphertext.length === 0 || ciphertext.length % BLOCK_SIZE !== 0) throw new DecryptError('ciphertext length')
  const reasons: string[] = []
  for (const encodingAesKey of encodingAesKeys) {
    try {
      return { xml: decryptWithKey(ciphertext, decodeAesKey(encodingAesKey), appId), encodingAesKey }
    } catch (err) {
      if (!(err instanceof DecryptError)) throw err
      reasons.push(err.message)
    }
  }
  // For the operator's log (e.g. "appid" means WECHAT_OA_APP_ID is wrong); the client never sees it.
  throw new DecryptError(`no key opened the message (${reasons.join(', ')})`)
}
