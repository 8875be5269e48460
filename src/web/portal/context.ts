import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { conversationForRequester, ticketNumberPattern, type RequesterConversation } from '../../desk/tickets/index.ts'
import type { AppEnv } from '../../http/env.ts'
import { onError } from '../../http/errors.ts'
import { detectScript, inScript, toSimplified, toTraditional, type Script } from '../../text/script.ts'
import { localTime } from '../../text/when.ts'
import { words } from './copy.ts'
import type { PageBase } from './pages/frame.tsx'

/** What the portal's handlers share: the desk, and how to find the union's name once. */
export type Portal = { desk: Desk; base(script: Script): Promise<PageBase> }

export function portalContext(desk: Desk): Portal {
  let brand: Promise<string> | undefined
  const unionName = () =>
    (brand ??= desk.config.UNION_NAME
      ? Promise.resolve(desk.config.UNION_NAME)
      : desk.db.orgUnit
          .findUnique({ where: { code: desk.config.DEFAULT_UNIT_CODE }, select: { name: true } })
          .then((u) => u?.name ?? words('simplified').brandFallback)
          .catch((err: unknown) => {
            brand = undefined // the database may be back next time
            throw err
          }))
  return {
    desk,
    async base(script) {
      const name = await unionName().catch(() => words('simplified').brandFallback)
      return { w: words(script), script, brand: inScript(name, script), hotline: desk.config.UNION_HOTLINE, time: (d) => localTime(d, desk.calendar.timezone, desk.now()) }
    },
  }
}

const SCRIPT_COOKIE = 'zh'
const scriptOf = (v: string | undefined): Script | undefined => (v === 'hant' ? 'traditional' : v === 'hans' ? 'simplified' : undefined)

/**
 * The script a page comes in: the worker's choice just now (the 繁/简 switch, kept in a cookie
 * for a year), else their earlier choice, else the script they wrote in, else Simplified.
 */
export function scriptFor(c: Context, opts: { chosen?: string; wrote?: string; fallback?: Script } = {}): Script {
  const chosen = scriptOf(opts.chosen ?? c.req.query('zh'))
  if (chosen) {
    setCookie(c, SCRIPT_COOKIE, chosen === 'traditional' ? 'hant' : 'hans', { path: '/portal', maxAge: 365 * 86400, sameSite: 'Lax', httpOnly: true })
    return chosen
  }
  const kept = scriptOf(getCookie(c, SCRIPT_COOKIE))
  if (kept) return kept
  if (opts.wrote && opts.wrote.trim()) return detectScript(opts.wrote)
  return opts.fallback ?? 'simplified'
}

/** What the desk says (its replies), in the page's script, whichever script it was rendered in. */
export const inPageScript = (text: string, script: Script) => (script === 'traditional' ? toTraditional(text) : toSimplified(text))

/** A ticket number as people type it: lower case, full-width characters, spaces, other dashes. */
export const normaliseNumber = (typed: string | undefined) =>
  (typed ?? '').normalize('NFKC').toUpperCase().replace(/\s+/g, '').replace(/[‐‑‒–—―−]/g, '-')

export type Keys = { number: string; code: string }
export const keysFrom = (f: Record<string, string>): Keys => ({ number: normaliseNumber(f.number), code: (f.code ?? '').trim() })

/**
 * The request a number and code open, or null: a malformed number, a missing ticket and a
 * wrong code are all the same null, so the page that says so is the same for each.
 */
export async function lookUp(desk: Desk, keys: Keys): Promise<RequesterConversation | null> {
  if (!ticketNumberPattern.test(keys.number) || !keys.code) return null
  try {
    return await conversationForRequester(desk, keys.number, keys.code)
  } catch (err) {
    if (err instanceof DeskError && err.code === 'ticket_not_found') return null
    throw err
  }
}

/**
 * What went wrong, for a page to say in words. The API's one error map decides and logs it
 * (a stack trace goes to the log, never to the page); Retry-After is kept on a 503.
 */
export function failure(err: unknown, c: Context<AppEnv>): { kind: 'not_found' | 'busy' | 'broken'; status: 404 | 500 | 503 } {
  if (err instanceof DeskError && err.code === 'ticket_not_found') return { kind: 'not_found', status: 404 }
  const answer = onError(err instanceof Error ? err : new Error(String(err)), c)
  return answer.status === 503 ? { kind: 'busy', status: 503 } : { kind: 'broken', status: 500 }
}
