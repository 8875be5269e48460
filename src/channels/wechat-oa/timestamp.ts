/**
 * The freshness rule for WeChat's callback timestamps, on its own so that the edge entry
 * (src/edge/) applies exactly the core's rule without importing node:crypto.
 */

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
