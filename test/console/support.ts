import { createAccount } from '../../src/desk/accounts/index.ts'
import type { AccountRole } from '../../src/desk/accounts/index.ts'
import type { TestDesk } from '../support/desk.ts'

export const PASSWORD = 'Gonghui-2026-test'

/** An account for one of the demo union's cadres (by name), or a unit-wide role without a cadre. */
export async function accountFor(t: TestDesk, login: string, role: AccountRole, opts: { cadreName?: string; unitCode?: string }) {
  const cadre = opts.cadreName ? await t.desk.db.cadre.findFirstOrThrow({ where: { name: opts.cadreName }, include: { unit: true } }) : null
  return createAccount(t.desk.db, { login, displayName: cadre?.name ?? login, password: PASSWORD, role, unitCode: opts.unitCode ?? cadre!.unit.code, cadreId: cadre?.id }, new Date())
}

export type Browser = { cookie: string; csrf: string }

/** Signs in like a browser: the form, then the session cookie for every later request. */
export async function signIn(t: TestDesk, login: string, password = PASSWORD): Promise<Browser> {
  const res = await t.app.request('/console/login', form({ login, password }))
  if (res.status !== 303) throw new Error(`sign-in as ${login} answered ${res.status}`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  const page = await (await t.app.request('/console', { headers: { cookie } })).text()
  return { cookie, csrf: page.match(/name="_csrf" value="([^"]+)"/)![1]! }
}

export const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
})

export const get = (t: TestDesk, b: Browser, path: string) => t.app.request(path, { headers: { cookie: b.cookie } })
export const post = (t: TestDesk, b: Browser, path: string, fields: Record<string, string>, withCsrf = true) =>
  t.app.request(path, form(withCsrf ? { _csrf: b.csrf, ...fields } : fields, { cookie: b.cookie }))

/**
 * A console action that worked answers 303 back to its page (post/redirect/get): the page it
 * leads to, as the browser would load it next, with where it was sent.
 */
export async function followed(t: TestDesk, b: Browser, res: Response): Promise<{ location: string; page: string }> {
  if (res.status !== 303) throw new Error(`expected 303 after the action, got ${res.status}: ${(await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`)
  const location = res.headers.get('location')!
  const next = await get(t, b, location)
  if (next.status !== 200) throw new Error(`${location} answered ${next.status}`)
  return { location, page: await next.text() }
}

/** What a page says in its notice line (error or ok), without the markup. */
export const noticeOf = (page: string) => page.match(/<p class="(?:error|ok)" role="(?:alert|status)">(.*?)<\/p>/)?.[1]?.replace(/<[^>]+>/g, '') ?? ''
