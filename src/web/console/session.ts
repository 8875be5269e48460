import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { Desk } from '../../desk/desk.ts'
import { may, sessionFor, type SessionPolicy, type SignedIn } from '../../desk/accounts/index.ts'
import type { AppEnv } from '../../http/env.ts'

export type ConsoleEnv = { Variables: AppEnv['Variables'] & { signedIn: SignedIn } }

export const COOKIE = 'nj_session'

export const sessionPolicy = (desk: Desk): SessionPolicy => ({
  idleMs: desk.config.CONSOLE_IDLE_MINUTES * 60_000,
  lifetimeMs: desk.config.CONSOLE_SESSION_HOURS * 3600_000,
})

/** Secure cookies when the desk is reached over https (its public URL, or the request itself). */
const secure = (desk: Desk, c: Context) => desk.config.PUBLIC_URL?.startsWith('https://') === true || new URL(c.req.url).protocol === 'https:'

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on a
 * cross-site POST), Secure behind https, scoped to /console, and gone when the browser
 * closes; the server ends the session anyway after idle time or its lifetime.
 */
export function setSessionCookie(desk: Desk, c: Context, token: string) {
  setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secure(desk, c), path: '/console' })
}
export const clearSessionCookie = (c: Context) => deleteCookie(c, COOKIE, { path: '/console' })

/** What a page's script is told when the session behind it has ended (the inbox's polling shows it as a line with a link). */
export const SIGNED_OUT = { error: 'signed_out', message: '登录已过期，请重新登录', login: '/console/login' } as const

/**
 * Pages and actions behind a sign-in: no valid session → the sign-in page (or 401 for a form
 * post). `background`: what a page asks by itself (polling) is no sign the person is there,
 * so it does not keep the session alive, and a session that has ended answers 401 JSON.
 */
export const signedIn = (desk: Desk, opts: { background?: boolean } = {}) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const found = await sessionFor(desk.db, getCookie(c, COOKIE), desk.now(), sessionPolicy(desk), { activity: !opts.background })
    if (!found) {
      clearSessionCookie(c)
      if (opts.background) return c.json(SIGNED_OUT, 401)
      if (c.req.method === 'GET') return c.redirect(`/console/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`)
      return c.text('登录已过期，请重新登录。', 401)
    }
    // A firm's account sees the job pages and its own password, never a case or a worker.
    if (found.account.role === 'employer' && !employerMayOpen(new URL(c.req.url).pathname)) {
      if (c.req.method === 'GET') return c.redirect('/console/jobs')
      return c.text('企业账号只能管理本单位的岗位。', 403)
    }
    c.set('signedIn', found)
    // Pages with people's data are never cached by the browser or a proxy.
    c.header('Cache-Control', 'no-store')
    await next()
  })

/** Where a firm's account may go in the console: its postings, its password, signing out. */
const EMPLOYER_PATHS = /^\/console\/(jobs(\/|$)|password$|logout$)/
const employerMayOpen = (path: string) => EMPLOYER_PATHS.test(path) && !path.startsWith('/console/jobs/employers')

/**
 * Every state-changing form carries the session's CSRF token; a form posted from another
 * site has no way to know it. Checked on top of SameSite cookies and the Origin check.
 */
export const csrfChecked = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (c.req.method !== 'POST') return next()
  const form = await c.req.parseBody()
  const given = typeof form._csrf === 'string' ? form._csrf : ''
  if (!given || !(await timingSafeEqual(given, c.get('signedIn').session.csrfToken))) {
    c.get('logger').warn({ path: c.req.path }, 'console form refused: CSRF token missing or wrong')
    return c.text('这个表单已经失效（可能页面开得太久了）。请返回、刷新页面后再提交。', 403)
  }
  await next()
})

/** Pages and forms only a unit admin may open or post to (after signedIn). */
export const unitAdminsOnly = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (!may(c.get('signedIn').account.role, 'administer')) return c.text('这一页只有单位管理员能看。', 403)
  await next()
})

/** The admin of the top unit: one wording and one set of time limits serve the whole desk, so only they change them. */
export const isTopUnitAdmin = (account: SignedIn['account']) => may(account.role, 'administer') && account.unit.parentId === null

/** A form field as trimmed text of at most `max` characters ('' when absent). Not for passwords, which are taken as typed. */
export const trimmedField = (form: Record<string, unknown>, name: string, max: number) => (typeof form[name] === 'string' ? (form[name] as string).trim().slice(0, max) : '')
