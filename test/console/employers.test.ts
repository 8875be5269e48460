// Firms on the job board: a firm signs up (public, no account yet), cannot sign in until a
// cadre of the union it chose approves it, then lands on its job pages, posts for its firm and
// submits for review; a cadre publishes it. A firm sees nothing of another firm's postings (as
// if they were not there), cannot publish, and is fenced off every case page. Suspended, it is out.
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, followed, form, get, noticeOf, post, signIn, type Browser } from './support.ts'

// Sign-ups are limited per address like the portal's requests: low here, so the limit's own test reaches it.
const SIGNUP_LIMIT = 14
const t = deskForThisFile({ env: { RATE_LIMIT_WEB_INTAKE: `${SIGNUP_LIMIT}/600` } })
let cadre: Browser
let otherDistrict: Browser

const FIRM_PASSWORD = 'Zhaopin-2026-firm'
const DAY = 86_400_000
const day = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * DAY))

const signUp = (over: Record<string, string> = {}) =>
  t.app.request('/console/jobs/register', form({
    name: '舟山海达船舶修造有限公司', creditCode: '91330900MA2A0B1C2D', unitCode: demoUnion.units.yuehai.code, login: 'haida.hr', displayName: '王海燕',
    password: FIRM_PASSWORD, password2: FIRM_PASSWORD, ...over,
  }))

/** A firm's person signs in: the form, then its job pages (where it lands) for the CSRF token. */
async function signInFirm(login: string, next?: string): Promise<Browser> {
  const res = await t.app.request('/console/login', form({ login, password: FIRM_PASSWORD, ...(next ? { next } : {}) }))
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/console/jobs')
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  const page = await (await t.app.request('/console/jobs', { headers: { cookie } })).text()
  return { cookie, csrf: page.match(/name="_csrf" value="([^"]+)"/)![1]! }
}

const employerId = async (login: string) => (await t.desk.db.account.findUniqueOrThrow({ where: { login } })).employerId!

const posting = (over: Record<string, string> = {}) => ({
  title: '船体装配工', trade: '装配工', regionText: '浙江省舟山市定海区', regionCode: '330902', place: '定海区盐仓街道', payMin: '7000', payMax: '9000', headcount: '8',
  requirements: '', contact: '0580-2222333 人事部', validUntil: day(20), ...over,
})

/** A firm's draft, by its person; returns its id. */
async function firmDraft(b: Browser, over: Record<string, string> = {}) {
  const { location } = await followed(t, b, await post(t, b, '/console/jobs', posting(over)))
  return location.match(/^\/console\/jobs\/([^/?]+)\?done=drafted$/)![1]!
}

beforeAll(async () => {
  await accountFor(t, 'ns-jobs', 'cadre', { cadreName: demoUnion.cadres.nanshanJobs })
  await accountFor(t, 'ba-leader', 'leader', { cadreName: demoUnion.cadres.baoanLeader })
  cadre = await signIn(t, 'ns-jobs')
  otherDistrict = await signIn(t, 'ba-leader')
})

describe('a firm signs up', () => {
  it('on a public page, told what to fix with what it typed kept (never the password)', async () => {
    const page = await t.app.request('/console/jobs/register')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(`<option value="${demoUnion.units.yuehai.code}">`)
    expect(html).not.toContain(`value="${demoUnion.units.huaxingGroup.code}"`)

    const mismatch = await signUp({ password2: 'Something-else-2026' })
    expect(mismatch.status).toBe(422)
    const shown = await mismatch.text()
    expect(shown).toContain('两次输入的密码不一样。')
    expect(shown).toContain('value="舟山海达船舶修造有限公司"')
    expect(shown).toContain(`<option value="${demoUnion.units.yuehai.code}" selected="">`)
    expect(shown).not.toContain(FIRM_PASSWORD)
    const bad = await (await signUp({ creditCode: '1234', login: 'X', password: '12345678901', password2: '12345678901' })).text()
    expect(bad).toContain('统一社会信用代码是 18 位')
    expect(bad).toContain('登录名用 3–40 位')
    expect(await (await signUp({ unitCode: '' })).text()).toContain('请选择所在地的工会。')
    // From another site: refused like every console form.
    const crossSite = await t.app.request('/console/jobs/register', { ...form({ name: 'x' }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' } })
    expect(crossSite.status).toBe(403)
    expect(await t.desk.db.employer.count()).toBe(0)
  })

  it('waits for a cadre of its union: no sign-in before, the cadre approves, then it lands on its job pages', async () => {
    const done = await signUp()
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/console/jobs/register?done=registered')
    expect(await (await t.app.request('/console/jobs/register?done=registered')).text()).toContain('注册已提交')
    expect((await signUp({ name: '另一家公司' })).status).toBe(409)

    const early = await t.app.request('/console/login', form({ login: 'haida.hr', password: FIRM_PASSWORD }))
    expect(early.status).toBe(401)

    const firms = await (await get(t, cadre, '/console/jobs/employers')).text()
    expect(firms).toContain('舟山海达船舶修造有限公司')
    expect(firms).toContain('91330900MA2A0B1C2D')
    expect(firms).toContain('王海燕（haida.hr）')
    expect(firms).toContain('data-status="pending">待审核')
    expect(await (await get(t, cadre, '/console/jobs')).text()).toContain('1 家待审核')
    const id = await employerId('haida.hr')
    // Another district's leader neither sees nor decides it.
    expect(await (await get(t, otherDistrict, '/console/jobs/employers')).text()).not.toContain('舟山海达')
    expect((await post(t, otherDistrict, `/console/jobs/employers/${id}/approve`, {})).status).toBe(404)
    expect((await post(t, cadre, `/console/jobs/employers/${id}/approve`, {}, false)).status).toBe(403)

    const approved = await followed(t, cadre, await post(t, cadre, `/console/jobs/employers/${id}/approve`, {}))
    expect(noticeOf(approved.page)).toContain('已通过审核')
    expect(approved.page).toContain('data-status="approved">已通过')

    const firm = await signInFirm('haida.hr', '/console/tickets/NJ-261125-0001')
    const jobs = await (await get(t, firm, '/console/jobs')).text()
    expect(jobs).toContain('<a href="/console/jobs">岗位</a>')
    expect(jobs).toContain('href="/console/password">修改密码</a>')
    expect(jobs).toContain('>退出</button>')
    expect(jobs).not.toContain('href="/console">工单</a>')
    expect(jobs).not.toContain('/console/callbacks')
    expect(jobs).not.toContain('/console/jobs/employers')
  })
})

describe('a firm’s postings', () => {
  let firm: Browser
  let rival: Browser
  beforeAll(async () => {
    firm = await signInFirm('haida.hr')
    expect((await signUp({ name: '定海远洋渔业有限公司', creditCode: '91330902MA2B3C4D5E', login: 'yuanyang.hr', displayName: '陈明' })).status).toBe(303)
    await followed(t, cadre, await post(t, cadre, `/console/jobs/employers/${await employerId('yuanyang.hr')}/approve`, {}))
    rival = await signInFirm('yuanyang.hr')
  })

  it('are its own: drafted under its approved name, submitted, published by a cadre and not by the firm', async () => {
    const id = await firmDraft(firm, { employerName: '冒名的大公司' })
    const page = await (await get(t, firm, `/console/jobs/${id}?done=drafted`)).text()
    expect(noticeOf(page)).toContain('请提交工会审核')
    expect(page).toContain('舟山海达船舶修造有限公司（企业自己发布）')
    expect(page).not.toContain('冒名的大公司')
    expect(page).not.toContain(`/console/jobs/${id}/publish`)

    const refused = await post(t, firm, `/console/jobs/${id}/publish`, {})
    expect(refused.status).toBe(403)
    expect(noticeOf(await refused.text())).toContain('岗位由工会干部审核后发布')
    const edited = await followed(t, firm, await post(t, firm, `/console/jobs/${id}/edit`, posting({ title: '船体装配工（熟练）' })))
    expect(noticeOf(edited.page)).toBe('修改已保存。')
    const submitted = await followed(t, firm, await post(t, firm, `/console/jobs/${id}/submit`, {}))
    expect(noticeOf(submitted.page)).toContain('已提交工会审核')
    expect(submitted.page).toContain('data-status="review">待审核')
    expect((await post(t, firm, `/console/jobs/${id}/submit`, {})).status).toBe(409)

    // The cadre of the firm's union sees it waiting and publishes it: the approval.
    const waiting = await (await get(t, cadre, '/console/jobs?status=review')).text()
    expect(waiting).toContain('船体装配工（熟练）')
    expect(await (await get(t, cadre, '/console/jobs')).text()).toContain('1 个企业岗位待审核')
    const review = await (await get(t, cadre, `/console/jobs/${id}`)).text()
    expect(review).toContain('审核通过并发布')
    const published = await followed(t, cadre, await post(t, cadre, `/console/jobs/${id}/publish`, {}))
    expect(published.page).toContain('data-status="open">招聘中')
    expect(await (await get(t, firm, `/console/jobs/${id}`)).text()).toContain('data-status="open">招聘中')
    expect(await (await get(t, otherDistrict, `/console/jobs/${id}`)).status).toBe(404)
  })

  it('are nobody else’s: another firm finds them exactly as missing ones, and cannot change them', async () => {
    const id = await firmDraft(firm, { title: '焊工（海达）' })
    const missing = await get(t, rival, '/console/jobs/cl0000000000000000000000')
    const theirs = await get(t, rival, `/console/jobs/${id}`)
    expect(missing.status).toBe(404)
    expect(theirs.status).toBe(404)
    expect(await theirs.text()).toBe(await missing.text())
    expect((await get(t, rival, `/console/jobs/${id}/edit`)).status).toBe(404)
    expect((await post(t, rival, `/console/jobs/${id}/edit`, posting({ title: '被改了' }))).status).toBe(404)
    for (const action of ['submit', 'withdraw', 'fill']) expect((await post(t, rival, `/console/jobs/${id}/${action}`, {})).status, action).toBe(404)
    // Publishing (refused to every firm) answers for another's posting as for a missing one.
    const publishTheirs = await post(t, rival, `/console/jobs/${id}/publish`, {})
    const publishMissing = await post(t, rival, '/console/jobs/cl0000000000000000000000/publish', {})
    expect(publishTheirs.status).toBe(404)
    expect(await publishTheirs.text()).toBe(await publishMissing.text())
    expect(await (await get(t, rival, '/console/jobs')).text()).not.toContain('焊工（海达）')
    expect(await (await get(t, rival, `/console/jobs?q=${encodeURIComponent('海达')}`)).text()).not.toContain('焊工（海达）')
    expect((await t.desk.db.jobPosting.findUniqueOrThrow({ where: { id } })).status).toBe('draft')
  })

  it('are all a firm’s account opens: no inbox, no case, no firm review, no admin', async () => {
    for (const path of ['/console', '/console/tickets/NJ-261125-0001', '/console/jobs/employers', '/console/callbacks', '/console/figures', '/console/admin', '/console/notices']) {
      const res = await get(t, firm, path)
      expect(res.status, path).toBe(302)
      expect(res.headers.get('location'), path).toBe('/console/jobs')
    }
    const rivalId = await employerId('yuanyang.hr')
    expect((await post(t, firm, `/console/jobs/employers/${rivalId}/suspend`, {})).status).toBe(403)
    expect((await post(t, firm, '/console/tickets/NJ-261125-0001/reply', { text: '你好' })).status).toBe(403)
    expect((await get(t, firm, '/console/password')).status).toBe(200)
    expect((await t.desk.db.employer.findUniqueOrThrow({ where: { id: rivalId } })).status).toBe('approved')
  })

  it('stop when the firm is suspended: its people are signed out and cannot sign in', async () => {
    const id = await employerId('yuanyang.hr')
    const suspended = await followed(t, cadre, await post(t, cadre, `/console/jobs/employers/${id}/suspend`, {}))
    expect(noticeOf(suspended.page)).toContain('已暂停')
    expect(suspended.page).toContain('data-status="suspended">已暂停')
    const out = await get(t, rival, '/console/jobs')
    expect(out.status).toBe(302)
    expect(out.headers.get('location')).toMatch(/^\/console\/login/)
    expect((await t.app.request('/console/login', form({ login: 'yuanyang.hr', password: FIRM_PASSWORD }))).status).toBe(401)
  })
})

describe('the sign-up’s limit', () => {
  it('refuses an address that signs up too often, in words, with when to try again', async () => {
    let res: Response | undefined
    for (let i = 0; i <= SIGNUP_LIMIT; i++) {
      res = await signUp({ login: `flood${i}`, creditCode: 'bad' })
      if (res.status === 429) break
    }
    expect(res!.status).toBe(429)
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(noticeOf(await res!.text())).toMatch(/提交得太频繁了，请 \d+ 分钟后再试/)
  })
})
