import { timingSafeEqual, createHash } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { errorBody } from './errors.ts'

const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * The shared admin token, accepted as `Authorization: Bearer <token>` (scripts, the
 * API) or as the password of HTTP Basic auth (a browser opening the queue dashboard).
 * Compared as hashes, so the comparison takes the same time whatever the input length.
 */
export function adminAuth(token: string) {
  const expected = digest(token)
  return createMiddleware(async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    let given: string | undefined
    if (header.startsWith('Bearer ')) given = header.slice(7).trim()
    else if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8')
      given = decoded.slice(decoded.indexOf(':') + 1)
    }
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Basic realm="Niangjia admin", charset="UTF-8"')
      return c.json(errorBody('unauthorized', 'This needs the admin token: send Authorization: Bearer <ADMIN_TOKEN>.'), 401)
    }
    await next()
  })
}
