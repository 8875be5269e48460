import { Hono } from 'hono'
import type { Desk } from '../desk/desk.ts'
import type { AppEnv } from './env.ts'

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())])

/** Liveness and readiness in one: 200 when the database and Redis both answer, 503 naming what does not. */
export function healthRoutes(desk: Desk, redisPing: () => Promise<string>) {
  return new Hono<AppEnv>().get('/healthz', async (c) => {
    const check = async (fn: () => Promise<unknown>) => {
      const started = performance.now()
      try {
        await withTimeout(fn(), 2000)
        return { ok: true, ms: Math.round(performance.now() - started) }
      } catch (err) {
        return { ok: false, ms: Math.round(performance.now() - started), error: (err as Error).message.slice(0, 200) }
      }
    }
    const [database, redis] = await Promise.all([check(() => desk.db.$queryRawUnsafe('SELECT 1')), check(redisPing)])
    const ok = database.ok && redis.ok
    return c.json({ status: ok ? 'ok' : 'degraded', checks: { database, redis } }, ok ? 200 : 503)
  })
}
