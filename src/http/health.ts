import { Hono, type Context } from 'hono'
import type { Desk } from '../desk/desk.ts'
import type { AppEnv } from './env.ts'

const withTimeout = <T>(p: Promise<T>, ms: number) => {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)
  })
  return Promise.race([p, late]).finally(() => clearTimeout(timer))
}

/**
 * Liveness and readiness in one: 200 when the database and Redis both answer, 503 when one
 * does not. The public (a load balancer) learns only up or down; with the admin token the
 * answer names each check, its time and its error, and the bot account's state (scan,
 * logged_in, logged_out…, since when, whether its process is alive, reconnects). A bot that is
 * logged out does not make the desk unhealthy: the desk still takes every other channel.
 */
export function healthRoutes(
  desk: Desk,
  redisPing: () => Promise<string>,
  isAdmin: (c: Context) => Promise<boolean>,
  botStatus?: () => Promise<{ state: string; since: string; alive: boolean; reconnects: number } | null>,
) {
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
    const status = ok ? 'ok' : 'degraded'
    if (!(await isAdmin(c))) return c.json({ status }, ok ? 200 : 503)
    const bot = botStatus ? await withTimeout(botStatus(), 2000).catch(() => null) : null
    const botDetail = bot ? { bot: { state: bot.state, since: bot.since, alive: bot.alive, reconnects: bot.reconnects } } : {}
    return c.json({ status, checks: { database, redis }, ...botDetail }, ok ? 200 : 503)
  })
}
