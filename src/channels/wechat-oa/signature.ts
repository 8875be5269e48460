import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * WeChat's request signature: SHA-1 (hex) over the lexicographically sorted parts, joined
 * without a separator. Two uses:
 * - `signature` in every callback URL: parts = token, timestamp, nonce;
 * - `msg_signature` in safe/compatible mode: parts = token, timestamp, nonce, Encrypt.
 *
 * The sort is a plain code-unit sort (Array#sort without a comparator), which is what
 * WeChat's own samples do; all parts are ASCII.
 */
export const sha1Signature = (...parts: string[]): string =>
  createHash('sha1').update([...parts].sort().join('')).digest('hex')

/**
 * Compares a received signature with the expected one in constant time.
 * A length mismatch returns early: the length of a SHA-1 hex digest is public, so that
 * leaks nothing. Case matters: WeChat sends lower-case hex.
 */
export const signatureMatches = (received: string, expected: string): boolean => {
  const a = Buffer.from(received, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

