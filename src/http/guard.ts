import type { Context, Hono, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { timingSafeEqual } from 'hono/utils/buffer'
import { errorBody } from './errors.ts'
import { tooMany, unlimited, type ClientAddress, type RateLimits } from './limits.ts'

/**
 * The shared admin token, accepted as `Authorization: Bearer <token>` (scripts, the API) or
 * as HTTP Basic auth with the user name `admin` (a browser opening the queue dashboard).
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
      const decoded = decodeBasic(header.slice(6).trim()) ?? ''
      const colon = decoded.indexOf(':')
      // The user name is part of the credential: admin, and nothing else.
      given = colon >= 0 && decoded.slice(0, colon) === 'admin' ? decoded.slice(colon + 1) : ''
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

/** Whether the request carries the admin token, without answering for it (for pages that show more to admins). */
export async function carriesAdminToken(c: Context, token: string): Promise<boolean> {
  const header = c.req.header('authorization') ?? ''
  return header.startsWith('Bearer ') && (await timingSafeEqual(header.slice(7).trim(), token))
}

function decodeBasic(b64: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)))
  } catch {
    return undefined
  }
}

/**
 * Refuses a state-changing request that a browser sent from another site. A browser that
 * cached the dashboard's Basic credentials would otherwise attach them to a form or a
 * text/plain POST any page can make (no preflight for those). Requests carrying an Origin
 * must come from the desk itself (its own origin, or PUBLIC_URL behind a proxy); without
 * Origin, Sec-Fetch-Site must not say cross-site. Scripts (curl, Prometheus) send neither.
 * `refused` answers instead of the API's JSON (the console shows a page).
 */
export function sameOriginWrites(publicUrl?: string, refused?: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const allowed = publicUrl ? new URL(publicUrl).origin : undefined
  return createMiddleware(async (c, next) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('origin')
      const site = c.req.header('sec-fetch-site')
      const own = new URL(c.req.url).origin
      const ok = origin ? origin === own || origin === allowed : !site || site === 'same-origin' || site === 'none'
      if (!ok) {
        c.get('logger')?.warn({ method: c.req.method, path: c.req.path }, 'cross-site write to an admin route refused')
        // People's pages (the console) answer in their own words; machines get the API's JSON.
        if (refused) return refused(c)
        return c.json(errorBody('cross_site', 'Admin actions must come from the desk’s own pages, not from another site.'), 403)
      }
    }
    await next()
  })
}

/**
 * Mounts `sub` on `parent` so that every route it holds runs `guards` first: a route is
 * protected by being written in a guarded sub-app, not by a list kept beside it. (A plain
 * `sub.use('*', guard)` would not do: Hono applies a sub-app's catch-all middleware to
 * every later route of the parent, public ones included.)
 */
export function mountGuarded(parent: Hono<any, any, any>, sub: Hono<any, any, any>, ...guards: MiddlewareHandler[]) {
  const seen = new Set<string>()
  for (const { method, path } of sub.routes) {
    const key = `${method} ${path}`
    if (seen.has(key)) continue
    seen.add(key)
    const [first, ...rest] = guards as [MiddlewareHandler, ...MiddlewareHandler[]]
    if (method === 'ALL') parent.all(path, first, ...rest)
    else parent.on(method, path, first, ...rest)
  }
  parent.route('/', sub)
}
