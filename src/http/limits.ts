import type { Context, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { LimitKind, RateLimits } from '../lib/limits.ts'
import { errorBody } from './errors.ts'

export { unlimited, type LimitKind, type LimitVerdict, type RateLimits } from '../lib/limits.ts'

/** Who is asking, as the runtime knows it (the socket's address, or the proxy's header when trusted). */
export type ClientAddress = (c: Context) => string

/** Refusals say what to do, in the API's language (English; the portal shows its own words). */
const reasons: Record<LimitKind, string> = {
  web_intake: 'Too many messages from this address. Please wait a little and send again; urgent matters: call 12351.',
  web_ticket: 'Too many messages to this request in a short time. Please wait a little; a cadre will read what you sent.',
  status: 'Too many look-ups from this address. Please wait a little and try again.',
  admin_failures: 'Too many wrong admin tokens from this address; it is locked for a while.',
  wechat_openid: 'Too many messages from this WeChat user.',
  console_failures: 'Too many wrong passwords; signing in is locked for a while.',
  console_address_failures: 'Too many wrong passwords from this address; signing in from here is locked for a while.',
}

export function tooMany(c: Context, kind: LimitKind, retryAfterSeconds: number) {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))))
  c.get('logger')?.info({ limit: kind, retryAfterSeconds }, 'over a rate limit')
  return c.json(errorBody('rate_limited', reasons[kind]), 429)
}

/** A middleware that takes one of `kind` per request, keyed by the client's address. */
export function limitByAddress(limits: RateLimits, kind: LimitKind, address: ClientAddress): MiddlewareHandler {
  return createMiddleware(async (c, next) => {
    const verdict = await limits.take(kind, address(c))
    if (!verdict.allowed) return tooMany(c, kind, verdict.retryAfterSeconds)
    await next()
  })
}
