import type { Context } from 'hono'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { RedisClient } from '../redis/connect.ts'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { Config } from '../config.ts'
import type { ClientAddress } from '../http/limits.ts'
import type { LimitKind, RateLimits } from '../lib/limits.ts'

type Window = { points: number; seconds: number }

/** "20/600,100/86400": 20 per 10 minutes and 100 per day. */
export function parseWindows(spec: string): Window[] {
  return spec.split(',').map((w) => {
    const [points, seconds] = w.trim().split('/').map(Number)
    return { points: points!, seconds: seconds! }
  })
}

/**
 * The limits on Redis (rate-limiter-flexible), counted atomically by a Lua script, so every
 * process of a desk shares them. Should Redis be unreachable, each process falls back to
 * counting in memory (the insurance limiter) rather than refusing everyone or no one.
 */
export function redisRateLimits(redis: RedisClient, config: Config): RateLimits {
  const specs: Record<LimitKind, string> = {
    web_intake: config.RATE_LIMIT_WEB_INTAKE,
    web_ticket: config.RATE_LIMIT_WEB_TICKET,
    status: config.RATE_LIMIT_STATUS,
    admin_failures: config.RATE_LIMIT_ADMIN_FAILURES,
    wechat_openid: config.RATE_LIMIT_WECHAT_OPENID,
    console_failures: config.RATE_LIMIT_CONSOLE_FAILURES,
    console_address_failures: config.RATE_LIMIT_CONSOLE_ADDRESS_FAILURES,
  }
  const limiters = Object.fromEntries(
    Object.entries(specs).map(([kind, spec]) => [
      kind,
      parseWindows(spec).map(
        (w, i) =>
          new RateLimiterRedis({
            storeClient: redis, keyPrefix: `${config.QUEUE_PREFIX}:rl:${kind}:${i}`, points: w.points, duration: w.seconds,
            insuranceLimiter: new RateLimiterMemory({ points: w.points, duration: w.seconds }),
          }),
      ),
    ]),
  ) as Record<LimitKind, RateLimiterRedis[]>

  return {
    async take(kind, key) {
      // One round trip: every window counts the request at once (each consume is one atomic
      // script). A refusal is then given back to every window, the refusing one included
      // (its script counted it too), so a refused request costs the sender nothing.
      const windows = limiters[kind]
      const results = await Promise.allSettled(windows.map((l) => l.consume(key)))
      if (results.every((r) => r.status === 'fulfilled')) return { allowed: true }
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof RateLimiterRes))
      await Promise.all(windows.map((l, i) => (results[i]!.status === 'fulfilled' || results[i]!.reason instanceof RateLimiterRes ? l.reward(key) : undefined)))
      if (failure) throw failure.reason
      const retryAfterMs = Math.max(...results.map((r) => (r.status === 'rejected' ? (r.reason as RateLimiterRes).msBeforeNext : 0)))
      return { allowed: false, retryAfterSeconds: retryAfterMs / 1000 }
    },
    async check(kind, key) {
      let retryAfterSeconds = 0
      for (const l of limiters[kind]) {
        const res = await l.get(key)
        if (res && res.consumedPoints >= l.points) retryAfterSeconds = Math.max(retryAfterSeconds, res.msBeforeNext / 1000)
      }
      return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : { allowed: true }
    },
    async reset(kind, key) {
      for (const l of limiters[kind]) await l.delete(key)
    },
  }
}

/**
 * The client's address: the socket's peer, or with TRUST_PROXY the last address the proxy
 * put in X-Forwarded-For (the one it saw; earlier entries are whatever the client claimed).
 */
export function nodeClientAddress(config: Pick<Config, 'TRUST_PROXY'>): ClientAddress {
  return (c: Context) => {
    if (config.TRUST_PROXY) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean)
      if (forwarded?.length) return forwarded.at(-1)!
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown'
    } catch {
      return 'unknown' // requests made in-process (app.request in tests) have no socket
    }
  }
}
