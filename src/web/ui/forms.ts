import type { Context, MiddlewareHandler } from 'hono'
import { csrf } from 'hono/csrf'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { cleanText } from '../../lib/clean-text.ts'

/**
 * Refuses a form post that a browser sent from another site's page (a forged "submit" or
 * "rate"), with `refused` as the answer. Hono's csrf check: the post must say it comes from
 * the desk itself, by Sec-Fetch-Site or by its Origin (the desk's own, or PUBLIC_URL behind a
 * proxy). Unlike the admin API's sameOriginWrites, a post that says neither is refused too:
 * these forms are only ever posted by a browser, and every browser says one of the two.
 */
export function sameOriginForms(publicUrl: string | undefined, refused: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const allowed = publicUrl ? new URL(publicUrl).origin : undefined
  const check = csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === allowed, secFetchSite: 'same-origin' })
  return createMiddleware(async (c, next) => {
    try {
      await check(c, async () => {})
    } catch (err) {
      if (!(err instanceof HTTPException) || err.status !== 403) throw err
      c.get('logger')?.warn({ method: c.req.method, path: c.req.path }, 'cross-site form post refused')
      return refused(c)
    }
    await next()
  })
}

/** A form's text fields (files and repeated names ignored), each a string, possibly empty. */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {}
  const body = await c.req.parseBody()
  const out: Record<string, string> = {}
  // Cleaned as the API's strings are (cleanText): a NUL or half an emoji from a paste never reaches the database.
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[cleanText(k)] = cleanText(v)
  return out
}

/**
 * A fresh id for one rendering of a form, sent back as a hidden field: the same form posted
 * twice (a double tap, a reload) carries the same id, and the desk answers the second like
 * the first instead of taking it twice.
 */
export const oneTimeId = () => `f-${crypto.randomUUID()}`
export const isOneTimeId = (v: string | undefined): v is string => !!v && /^[\w-]{8,64}$/.test(v)

/** Pages that show a person's case must not be kept by a browser or a proxy. */
export function privatePage(c: Context) {
  c.header('Cache-Control', 'no-store')
}

/** How long a refused worker should wait, in words: "1分钟", "15分钟", "2小时". */
export function waitInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return minutes < 120 ? `${minutes}分钟` : `${Math.ceil(minutes / 60)}小时`
}
