import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../../config.ts'
import type { Queues } from '../../queue/queues.ts'

/**
 * Wrong binding codes, counted per chat contact in Redis (so every bot process shares the
 * count): 5 in 15 minutes, 20 in a day. Past either, that contact's codes are not even looked
 * at, the right one neither, until the window passes. With 31^8 codes living ten minutes, a
 * guesser gets nowhere; a cadre who mistypes a few times is told to wait a little.
 * Like the console's sign-in limits (src/node/rate-limits.ts), with a count in memory should
 * Redis be gone for a moment.
 */
export const WRONG_BIND_CODE_WINDOWS = [
  { points: 5, seconds: 15 * 60 },
  { points: 20, seconds: 24 * 3600 },
] as const

export type LimitDesk = { queues: Pick<Queues, 'redis'>; config: Pick<Config, 'QUEUE_PREFIX'> }

const limiters = new WeakMap<object, RateLimiterRedis[]>()

function limitersOf(desk: LimitDesk): RateLimiterRedis[] {
  let found = limiters.get(desk.queues.redis)
  if (!found) {
    found = WRONG_BIND_CODE_WINDOWS.map(
      (w, i) =>
        new RateLimiterRedis({
          storeClient: desk.queues.redis, keyPrefix: `${desk.config.QUEUE_PREFIX}:rl:bind_code_failures:${i}`, points: w.points, duration: w.seconds,
          insuranceLimiter: new RateLimiterMemory({ points: w.points, duration: w.seconds }),
        }),
    )
    limiters.set(desk.queues.redis, found)
  }
  return found
}

/** Whether this contact may try a code now. */
export async function mayTryCode(desk: LimitDesk, key: string): Promise<boolean> {
  for (const l of limitersOf(desk)) {
    const res = await l.get(key)
    if (res && res.consumedPoints >= l.points) return false
  }
  return true
}

/** Counts a wrong code; true when that used up the allowance (the contact is locked out now). */
export async function countWrongCode(desk: LimitDesk, key: string): Promise<boolean> {
  let locked = false
  for (const l of limitersOf(desk)) {
    try {
      const res = await l.consume(key)
      if (res.remainingPoints === 0) locked = true
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res
      locked = true
    }
  }
  return locked
}
