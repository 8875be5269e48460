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

/** How far a callback's timestamp may be from our clock, either way (the issue: 5 minutes). */
export const TIMESTAMP_TOLERANCE_SECONDS = 300

/**
 * True when `timestamp` (Unix seconds as WeChat sends it, a decimal string) lies within
 * ±5 minutes of `now`. Anything that is not a plain positive integer is not fresh.
 * The window bounds how long a captured, validly signed request can be replayed.
 */
export const isFreshTimestamp = (timestamp: string, now: Date, toleranceSeconds = TIMESTAMP_TOLERANCE_SECONDS): boolean => {
  if (!/^[0-9]{1,12}$/.test(timestamp)) return false
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp))
  return skew <= toleranceSeconds
}
