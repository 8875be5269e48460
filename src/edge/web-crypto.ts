/**
 * WeChat's SHA-1 signatures and the forward's HMAC-SHA256, on WebCrypto: the Workers runtime
 * has no node:crypto. The same rules as src/channels/wechat-oa/signature.ts (sorted parts,
 * lower-case hex, compared in constant time), tested against the same published values.
 */

const utf8 = new TextEncoder()

export const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

/** SHA-1 (hex) over the lexicographically sorted parts joined without a separator, as WeChat's samples sort. */
export const sha1Signature = async (...parts: string[]): Promise<string> =>
  toHex(await crypto.subtle.digest('SHA-1', utf8.encode([...parts].sort().join(''))))

/**
 * Constant time for equal lengths: every byte is looked at whatever differs first. A length
 * mismatch returns early, as timingSafeEqual's callers do: the lengths compared are public.
 */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

export const signatureMatches = (received: string, expected: string): boolean => bytesEqual(utf8.encode(received), utf8.encode(expected))

const hmacKeys = new Map<string, Promise<CryptoKey>>()

/** HMAC-SHA256 (hex); the imported key is kept per secret, since every forward needs it. */
export const hmacSha256Hex = async (secret: string, text: string): Promise<string> => {
  let key = hmacKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    hmacKeys.set(secret, key)
  }
  return toHex(await crypto.subtle.sign('HMAC', await key, utf8.encode(text)))
}

/** A WeChat-style nonce: nine random decimal digits. */
export const randomNonce = (): string => String(100_000_000 + (crypto.getRandomValues(new Uint32Array(1))[0]! % 900_000_000))
