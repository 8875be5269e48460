import type { Hono, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { timingSafeEqual } from 'hono/utils/buffer'
import { errorBody } from './errors.ts'
import { tooMany, unlimited, type ClientAddress, type RateLimits } from './limits.ts'

/**
 * The shared admin token, accepted as `Authorization: Bearer <token>` (scripts, the API) or
 * as the password of HTTP Basic auth (a browser opening the queue dashboard).
 * Compared as SHA-256 digests (WebCrypto, so the same code runs at the edge): the
 * comparison takes the same time whatever the input. Wrong tokens are counted per address
 * (atomically, in Redis): past the limit the address is locked out, right token or not,
 * until the window passes.
 */
export function adminAuth(token: string, opts: { limits?: RateLimits; clientAddress?: ClientAddress } = {}): MiddlewareHandler {
  const limits = opts.limits ?? unlimited
  const address = opts.clientAddress ?? (() => 'unknown')
  return createMiddleware(async (c, next) => {
    const lockout = await limits.check('admin_failures', address(c))
    if (!lockout.allowed) return tooMany(c, 'admin_failures', lockout.retryAfterSeconds)
    const header = c.req.header('authorization') ?? ''
    let given: string | undefined
    if (header.startsWith('Bearer ')) given = header.slice(7).trim()
    else if (header.startsWith('Basic ')) {
      const decoded = decodeBasic(header.slice(6).trim())
      given = decoded?.slice(decoded.indexOf(':') + 1)
    }
    if (given === undefined || !(await timingSafeEqual(given, token))) {
      // No credentials at all is a browser's first try, not a guess.
      if (given !== undefined) {
        const counted = await limits.take('admin_failures', address(c))
        if (!counted.allowed) return tooMany(c, 'admin_failures', counted.retryAfterSeconds)
      }
      c.header('WWW-Authenticate', 'Basic realm="Niangjia admin", charset="UTF-8"')
      return c.json(errorBody('unauthorized', 'This needs the admin token: send Authorization: Bearer <ADMIN_TOKEN>.'), 401)
    }
    await next()
  })
}

function decodeBasic(b64: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)))
  } catch {
    return undefined
  }
}

/**
 * Mounts `sub` on `parent` so that every route it holds runs `guard` first: a route is
 * protected by being written in a guarded sub-app, not by a list kept beside it. (A plain
 * `sub.use('*', guard)` would not do: Hono applies a sub-app's catch-all middleware to
 * every later route of the parent, public ones included.)
 */
export function mountGuarded(parent: Hono<any, any, any>, sub: Hono<any, any, any>, guard: MiddlewareHandler) {
  const seen = new Set<string>()
  for (const { method, path } of sub.routes) {
    const key = `${method} ${path}`
    if (seen.has(key)) continue
    seen.add(key)
    if (method === 'ALL') parent.all(path, guard)
    else parent.on(method, path, guard)
  }
  parent.route('/', sub)
}
