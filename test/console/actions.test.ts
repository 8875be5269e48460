// What a cadre does on a ticket, as the browser does it: each action answers with a redirect
// back to the ticket (a reload posts nothing again), a double-posted reply is sent once, and
// what cannot be done is refused in Chinese: an empty resolution, a closed ticket.
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile, json } from '../support/desk.ts'
import { accountFor, followed, form, get, noticeOf, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let cadre: Browser
let viewer: Browser

const openTicket = async (text = '老板拖欠我们三个月工资了') =>
  ((await (await t.app.request('/api/messages', json({ text, orgHint: '粤海街道', name: '王秀兰', phone: '13600001111' }))).json()) as { ticketNumber: string }).ticketNumber
const replies = (number: string) => t.desk.db.delivery.count({ where: { ticket: { number }, purpose: 'cadre_reply' } })
/** The reply form's one-time id, as the page gave it. */
const onceOf = (page: string) => page.match(/name="once" value="([^"]+)"/)![1]!
const hasHan = /\p{Script=Han}/u

beforeAll(async () => {
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  await accountFor(t, 'city-viewer', 'viewer', { unitCode: demoUnion.units.city.code })
  cadre = await signIn(t, 'yh-cadre')
  viewer = await signIn(t, 'city-viewer')
})

describe('post, then redirect, then get', () => {
  it('answers a reply with a redirect to the ticket, which says it was sent; loading that again sends nothing', async () => {
    const number = await openTicket()
    const page = await (await get(t, cadre, `/console/tickets/${number}`)).text()
    const res = await post(t, cadre, `/console/tickets/${number}/reply`, { text: '您好，我们已收到，明天联系您。', once: onceOf(page) })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/console/tickets/${number}?done=replied`)
    const after = await followed(t, cadre, res)
    expect(noticeOf(after.page)).toBe('答复已发出。')
    await get(t, cadre, after.location) // the reload
    expect(await replies(number)).toBe(1)
  })

  it('sends a reply once when the same form is posted twice, one after the other or both at once', async () => {
    const number = await openTicket()
    const page = await (await get(t, cadre, `/console/tickets/${number}`)).text()
    const once = onceOf(page)
    const first = await post(t, cadre, `/console/tickets/${number}/reply`, { text: '您好，请把工资条拍照发来。', once })
    const again = await post(t, cadre, `/console/tickets/${number}/reply`, { text: '您好，请把工资条拍照发来。', once })
    expect([first.status, again.status]).toEqual([303, 303])
    expect(await replies(number)).toBe(1)
    // A double click: two posts of one form racing each other.
    const next = onceOf(await (await get(t, cadre, `/console/tickets/${number}`)).text())
    expect(next).not.toBe(once)
    const both = await Promise.all([1, 2].map(() => post(t, cadre, `/console/tickets/${number}/reply`, { text: '补充：考勤记录也请发来。', once: next })))
    expect(both.map((r) => r.status)).toEqual([303, 303])
    expect(await replies(number)).toBe(2)
    // Only what was sent is in the audit log.
    expect(await t.desk.db.auditEntry.count({ where: { action: 'ticket.replied', ticketId: (await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).id } })).toBe(2)
  })

  it('comes back to the ticket with its forms after the other actions too', async () => {
    const number = await openTicket()
    for (const [action, fields, said] of [
      ['ask', { text: '请问一共欠了几个月？' }, '问题已发给职工'],
      ['note', { text: '已电话联系厂方' }, '备注已保存'],
      ['reclassify', { category: 'legal_aid' }, '类别已更正'],
    ] as const) {
      const { location, page } = await followed(t, cadre, await post(t, cadre, `/console/tickets/${number}/${action}`, fields))
      expect(location).toMatch(new RegExp(`^/console/tickets/${number}\\?done=`))
      expect(noticeOf(page)).toContain(said)
      expect(page).toContain('发送答复')
    }
    // A flag the desk did not write says nothing.
    expect(noticeOf(await (await get(t, cadre, `/console/tickets/${number}?done=<script>`)).text())).toBe('')
  })
})

describe('closing', () => {
  it('is refused without a resolution, in Chinese, and the ticket stays open', async () => {
    const number = await openTicket()
    for (const summary of ['', '   ']) {
      const res = await post(t, cadre, `/console/tickets/${number}/close`, { summary })
      expect(res.status).toBe(422)
      expect(noticeOf(await res.text())).toBe('请写一句办结说明：怎么解决的，职工会看到这句话。')
    }
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).status).not.toBe('closed')
  })

  it('leaves a closed ticket taking no more replies or corrections, said in Chinese', async () => {
    const number = await openTicket()
    const closed = await followed(t, cadre, await post(t, cadre, `/console/tickets/${number}/close`, { summary: '已协调企业补发工资' }))
    expect(noticeOf(closed.page)).toBe('已办结，职工会收到评价邀请。')
    expect(closed.page).not.toContain('发送答复')
    const before = await replies(number)
    for (const [action, fields] of [['reply', { text: '还有一件事' }], ['reclassify', { category: 'legal_aid', urgent: '1' }], ['ask', { text: '还在吗？' }], ['close', { summary: '再办结一次' }]] as const) {
      const res = await post(t, cadre, `/console/tickets/${number}/${action}`, fields)
      expect(res.status).toBe(409)
      const said = noticeOf(await res.text())
      expect(said).toBe('这件工单已经办结了，不能再答复、提问或更改。')
      expect(said).not.toMatch(/Ticket|closed/)
    }
    expect(await replies(number)).toBe(before)
    expect(await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).toMatchObject({ category: 'wage_arrears', urgent: false })
  })
})

describe('the ticket page, in a cadre’s words', () => {
  it('labels a question to the worker 提问, and the waiting as 等职工回复', async () => {
    const number = await openTicket()
    await post(t, cadre, `/console/tickets/${number}/ask`, { text: '请问公司叫什么名字？' })
    const page = await (await get(t, cadre, `/console/tickets/${number}`)).text()
    expect(page).toMatch(/<div class="meta">[^<]* · 提问 (待发送|已送达)/)
    expect(page).not.toMatch(/<div class="meta">[^<]* · 答复 [^<]*<\/div><div class="text">请问公司叫什么名字/)
    expect(page).toContain('<dt>状态</dt><dd>等职工回复（计时暂停）</dd>')
    expect(await (await get(t, cadre, '/console?view=waiting')).text()).toContain('<td>等职工回复</td>')
  })

  it('refuses a post from another site with a page in Chinese, not the API’s JSON', async () => {
    const number = await openTicket()
    const res = await t.app.request(`/console/tickets/${number}/reply`, form({ _csrf: cadre.csrf, text: '您好' }, { cookie: cadre.cookie, origin: 'https://evil.example' }))
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    const page = await res.text()
    expect(page).toContain('只接受从本系统页面提交的表单')
    expect(page).not.toMatch(/Admin actions|cross_site/)
  })

  it('says in Chinese what is wrong with a day that is no day, instead of failing', async () => {
    for (const q of ['from=2026-13-45', 'to=2026-02-30', 'from=2026-12-02&to=2026-12-01']) {
      const res = await get(t, cadre, `/console?view=unit&${q}`)
      expect(res.status).toBe(400)
      expect(noticeOf(await res.text())).toMatch(hasHan)
    }
  })
})

describe('a read-only viewer', () => {
  it('reads a ticket masked and cannot reveal the worker’s name or phone', async () => {
    const number = await openTicket()
    const page = await (await get(t, viewer, `/console/tickets/${number}`)).text()
    expect(page).toContain('136****1111')
    expect(page).not.toContain('查看完整信息')
    const res = await post(t, viewer, `/console/tickets/${number}/reveal`, {})
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain('13600001111')
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'city-viewer' } })
    expect(await t.desk.db.auditEntry.count({ where: { action: 'reveal', accountId: account.id } })).toBe(0)
  })
})
