// The cadre console over HTTP (the browser test drives the same pages in Chromium): people's
// own accounts and sessions, CSRF on every form, and a subtree that every page keeps to.
import { inTransaction } from '../../src/db/transaction.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { notifyCadre } from '../../src/desk/messaging/index.ts'
import { INBOX_JS_PATH } from '../../src/web/console/layout.tsx'
import { demoUnion } from '../fixtures/demo-union.ts'
import { admin, deskForThisFile, json } from '../support/desk.ts'
import { accountFor, followed, form, get, post, signIn, type Browser } from './support.ts'

const { cadres } = demoUnion
const t = deskForThisFile()
let yuehai: Browser
let baoan: Browser
let number: string

const openTicket = async (text: string, orgHint: string) => {
  const res = await t.app.request('/api/messages', json({ text, orgHint, name: '李秀英', phone: '13712345678' }))
  return ((await res.json()) as { ticketNumber: string }).ticketNumber
}

beforeAll(async () => {
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: cadres.yuehaiCadre })
  await accountFor(t, 'ba-leader', 'leader', { cadreName: cadres.baoanLeader })
  yuehai = await signIn(t, 'yh-cadre')
  baoan = await signIn(t, 'ba-leader')
  number = await openTicket('老板拖欠我们三个月工资了，<script>alert(1)</script><img src=x onerror=alert(2)>', '粤海街道')
})

describe('signing in', () => {
  it('sets a session cookie scripts cannot read, not sent cross-site, and scoped to the console', async () => {
    const res = await t.app.request('/console/login', form({ login: 'yh-cadre', password: 'Gonghui-2026-test' }))
    expect(res.status).toBe(303)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\/console/)
    // Only a digest of the token is stored.
    const token = cookie.split(';')[0]!.split('=')[1]!
    expect(await t.desk.db.session.count({ where: { id: token } })).toBe(0)
  })

  it('answers a wrong password and an unknown login with the same words, and records the attempt', async () => {
    const wrong = await t.app.request('/console/login', form({ login: 'yh-cadre', password: 'not-the-password' }))
    const unknown = await t.app.request('/console/login', form({ login: 'nobody-here', password: 'not-the-password' }))
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.text()).toContain('登录名或密码不对')
    expect(await unknown.text()).toContain('登录名或密码不对')
    expect(await t.desk.db.auditEntry.count({ where: { action: 'login.failed' } })).toBeGreaterThanOrEqual(2)
  })

  it('sends a page without a session to sign in, and back into the console only', async () => {
    const res = await t.app.request(`/console/tickets/${number}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/console/login?next=${encodeURIComponent(`/console/tickets/${number}`)}`)
    const evil = await t.app.request('/console/login', form({ login: 'yh-cadre', password: 'Gonghui-2026-test', next: 'https://evil.example/' }))
    expect(evil.headers.get('location')).toBe('/console')
  })

  it('ends the session on sign-out: the same cookie opens nothing afterwards', async () => {
    const b = await signIn(t, 'yh-cadre')
    expect((await post(t, b, '/console/logout', {})).status).toBe(303)
    expect((await get(t, b, '/console')).status).toBe(302)
  })
})

describe('who sees what', () => {
  it('shows a cadre the tickets of their unit and below, in the inbox and by search', async () => {
    const inbox = await (await get(t, yuehai, '/console?view=unit')).text()
    expect(inbox).toContain(number)
    const found = await (await get(t, yuehai, `/console?view=unit&q=${number}`)).text()
    expect(found).toContain(`/console/tickets/${number}`)
    const byPhone = await (await get(t, yuehai, '/console?view=unit&q=13712345678')).text()
    expect(byPhone).toContain(number)
    // By full name, through its blind index: nothing of the name is stored in the clear.
    expect(await (await get(t, yuehai, `/console?view=unit&q=${encodeURIComponent('李秀英')}`)).text()).toContain(`/console/tickets/${number}`)
    expect(await (await get(t, yuehai, `/console?view=unit&q=${encodeURIComponent('李秀')}`)).text()).not.toContain(`/console/tickets/${number}`)
    expect(JSON.stringify(await t.desk.db.$queryRawUnsafe('SELECT * FROM "Worker"'))).not.toContain('李秀英')
  })

  it('answers 404 to a cadre of another subtree, by URL and by search, for pages and actions alike', async () => {
    expect((await get(t, baoan, `/console/tickets/${number}`)).status).toBe(404)
    expect(await (await get(t, baoan, `/console?view=unit&q=${number}`)).text()).not.toContain(`/console/tickets/${number}`)
    expect((await post(t, baoan, `/console/tickets/${number}/reply`, { text: '越权答复' })).status).toBe(404)
    expect((await post(t, baoan, `/console/tickets/${number}/reveal`, {})).status).toBe(404)
  })
})

describe('a ticket', () => {
  it('shows what the worker wrote as text, never as markup', async () => {
    for (const page of [await (await get(t, yuehai, `/console/tickets/${number}`)).text(), await (await get(t, yuehai, '/console?view=unit')).text()]) {
      expect(page).not.toContain('<script>alert(1)</script>')
      expect(page).not.toContain('<img src=x onerror')
    }
    expect(await (await get(t, yuehai, `/console/tickets/${number}`)).text()).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('says a time as the portal does: “12月2日 08:30” in Beijing time, never “12/2 08:30”', async () => {
    const first = await t.desk.db.message.findFirstOrThrow({ where: { ticket: { number } }, orderBy: { createdAt: 'asc' } })
    const beijing = new Date(first.createdAt.getTime() + 8 * 3600_000)
    const two = (n: number) => String(n).padStart(2, '0')
    const expected = `${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${two(beijing.getUTCHours())}:${two(beijing.getUTCMinutes())}`
    const page = await (await get(t, yuehai, `/console/tickets/${number}`)).text()
    expect(page).toContain(`<div class="meta">${expected} · 职工</div>`)
    expect(page).not.toMatch(/\d{1,2}\/\d{1,2} \d{2}:\d{2}/)
  })

  it('masks name and phone until revealed, and records each reveal', async () => {
    const page = await (await get(t, yuehai, `/console/tickets/${number}`)).text()
    expect(page).toContain('李**')
    expect(page).toContain('137****5678')
    expect(page).not.toContain('13712345678')
    const revealed = await (await post(t, yuehai, `/console/tickets/${number}/reveal`, {})).text()
    expect(revealed).toContain('13712345678')
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'yh-cadre' } })
    expect(await t.desk.db.auditEntry.count({ where: { action: 'reveal', accountId: account.id } })).toBe(1)
  })

  it('refuses a form without the CSRF token, and a post from another site', async () => {
    expect((await post(t, yuehai, `/console/tickets/${number}/reply`, { text: '您好' }, false)).status).toBe(403)
    const crossSite = await t.app.request(`/console/tickets/${number}/reply`, form({ _csrf: yuehai.csrf, text: '您好' }, { cookie: yuehai.cookie, origin: 'https://evil.example' }))
    expect(crossSite.status).toBe(403)
    expect(await t.desk.db.delivery.count({ where: { ticket: { number }, purpose: 'cadre_reply' } })).toBe(0)
  })

  it('sends a reply to the worker as the signed-in person, and shows its delivery', async () => {
    const res = await post(t, yuehai, `/console/tickets/${number}/reply`, { text: '您好，请把工资条拍照发给我们。' })
    expect((await followed(t, yuehai, res)).page).toContain('答复已发出')
    const event = await t.desk.db.ticketEvent.findFirstOrThrow({ where: { ticket: { number }, type: 'ticket.replied' } })
    expect(event.actor).toBe('account:yh-cadre')
    const page = await (await get(t, yuehai, `/console/tickets/${number}`)).text()
    expect(page).toContain('请把工资条拍照发给我们')
    expect(page).toMatch(/答复 (待发送|已送达)（网页查询）|答复 (待发送|已送达)/)
  })

  it('lets a viewer read but not act', async () => {
    await accountFor(t, 'viewer-1', 'viewer', { unitCode: demoUnion.units.city.code })
    const v = await signIn(t, 'viewer-1')
    expect((await get(t, v, `/console/tickets/${number}`)).status).toBe(200)
    expect((await post(t, v, `/console/tickets/${number}/close`, { summary: '不该办结' })).status).toBe(403)
    const closed = await t.app.request(`/api/tickets/${number}`, { headers: admin })
    expect(closed.status).not.toBe(500)
  })
})

describe('passwords', () => {
  it('changes the password after checking the old one, and signs out every other session', async () => {
    await accountFor(t, 'pw-cadre', 'viewer', { unitCode: demoUnion.units.yuehai.code })
    const here = await signIn(t, 'pw-cadre')
    const elsewhere = await signIn(t, 'pw-cadre')
    expect((await post(t, here, '/console/password', { current: 'wrong', next: 'Another-pass-2026' })).status).toBe(422)
    expect((await post(t, here, '/console/password', { current: 'Gonghui-2026-test', next: 'short' })).status).toBe(422)
    const ok = await post(t, here, '/console/password', { current: 'Gonghui-2026-test', next: 'Another-pass-2026' })
    expect(await ok.text()).toContain('其他 1 处登录已退出')
    expect((await get(t, elsewhere, '/console')).status).toBe(302)
    expect((await get(t, here, '/console')).status).toBe(200)
    await signIn(t, 'pw-cadre', 'Another-pass-2026')
  })
})

describe('handing on and correcting', () => {
  it('keeps an internal note on the timeline, never sent to the worker', async () => {
    const before = await t.desk.db.delivery.count({ where: { ticket: { number } } })
    const res = await post(t, yuehai, `/console/tickets/${number}/note`, { text: '已电话联系厂方人事，周五前回复' })
    expect((await followed(t, yuehai, res)).page).toContain('已电话联系厂方人事')
    expect(await t.desk.db.delivery.count({ where: { ticket: { number } } })).toBe(before)
  })

  it('corrects the category as classifier feedback', async () => {
    await post(t, yuehai, `/console/tickets/${number}/reclassify`, { category: 'legal_aid', urgent: '1' })
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    expect(ticket).toMatchObject({ category: 'legal_aid', urgent: true })
    expect(await t.desk.db.classificationFeedback.count({ where: { ticketId: ticket.id, actor: 'account:yh-cadre' } })).toBe(1)
  })

  it('lets a leader hand a ticket on within the subtree only', async () => {
    await accountFor(t, 'yh-leader', 'leader', { cadreName: cadres.yuehaiLeader })
    const leader = await signIn(t, 'yh-leader')
    const inside = await t.desk.db.cadre.findFirstOrThrow({ where: { name: cadres.huaxingCadre } })
    const outside = await t.desk.db.cadre.findFirstOrThrow({ where: { name: cadres.baoanLeader } })
    expect((await post(t, yuehai, `/console/tickets/${number}/reassign`, { cadreId: inside.id, reason: '企业内部的事' })).status).toBe(403) // a cadre may not
    expect((await post(t, leader, `/console/tickets/${number}/reassign`, { cadreId: outside.id, reason: '试试' })).status).toBe(422)
    const res = await post(t, leader, `/console/tickets/${number}/reassign`, { cadreId: inside.id, reason: '企业内部的事，交企业工会' })
    expect(res.status).toBe(303)
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).assigneeId).toBe(inside.id)
  })
})

describe('the inbox, kept current', () => {
  it('tells the page script the counts and the newest ticket, which a new message changes', async () => {
    const before = (await (await get(t, yuehai, '/console/inbox.json?view=unit')).json()) as { counts: Record<string, number>; newest: string }
    const newer = await openTicket('工地上摔伤了，老板不给医药费', '粤海街道')
    const after = (await (await get(t, yuehai, '/console/inbox.json?view=unit')).json()) as { counts: Record<string, number>; newest: string }
    expect(after.newest).toBe(newer)
    expect(after.newest).not.toBe(before.newest)
    expect(after.counts.unit).toBe(before.counts.unit! + 1)
    const page = await (await get(t, yuehai, '/console')).text()
    expect(INBOX_JS_PATH).toMatch(/^\/console\/assets\/inbox\.[\w-]+\.js$/)
    expect(page).toContain(`<script src="${INBOX_JS_PATH}" defer`)
    const js = await t.app.request(INBOX_JS_PATH)
    expect(js.headers.get('cache-control')).toMatch(/immutable/)
    expect(js.headers.get('content-type')).toMatch(/javascript/)
  })
})

describe('linking', () => {
  it('relates two tickets on both timelines, within the subtree only', async () => {
    const other = await openTicket('同车间的工友也被拖欠工资了', '粤海街道')
    const res = await post(t, yuehai, `/console/tickets/${number}/relate`, { other })
    expect((await followed(t, yuehai, res)).page).toContain('已关联')
    expect(await (await get(t, yuehai, `/console/tickets/${other}`)).text()).toContain(`关联工单 ${number}`)
    const elsewhere = await openTicket('宝安这边公司不给交社保', '宝安区')
    expect((await post(t, yuehai, `/console/tickets/${number}/relate`, { other: elsewhere })).status).toBe(422)
  })

  it('links a web request to a known worker by the phone in their record, on the record, after a cadre checked', async () => {
    // A worker the desk knows: they wrote on WeChat before, and their record has this phone.
    const first = await acceptMessage(t.desk, {
      channel: 'wechat_oa', externalUserId: 'oKnownWorker000000000001', externalMessageId: '7438990000000000001', text: '去年的工伤赔偿还没拿到',
      profile: { orgHint: '粤海街道', phone: '13712345678' }, receivedAt: new Date(),
    })
    const known = (await t.desk.db.ticket.findUniqueOrThrow({ where: { number: first.ticketNumber! } })).workerId
    const later = await t.app.request('/api/messages', json({ text: '我又来问工伤赔偿的事', orgHint: '粤海街道' }))
    const { ticketNumber } = (await later.json()) as { ticketNumber: string }
    expect((await post(t, yuehai, `/console/tickets/${ticketNumber}/link-worker`, { phone: '13712345678', reason: '' })).status).toBe(422)
    const res = await post(t, yuehai, `/console/tickets/${ticketNumber}/link-worker`, { phone: '13712345678', reason: '回电确认是本人' })
    expect(res.status).toBe(303)
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })).workerId).toBe(known)
    expect(await t.desk.db.ticketEvent.count({ where: { ticket: { number: ticketNumber }, type: 'ticket.requester_linked', actor: 'account:yh-cadre' } })).toBe(1)
  })
})

describe('searching by date', () => {
  it('finds tickets opened on the days asked for, and none outside them', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    expect(await (await get(t, yuehai, `/console?view=unit&from=${today}&to=${today}`)).text()).toContain(`/console/tickets/${number}`)
    expect(await (await get(t, yuehai, '/console?view=unit&from=2020-01-01&to=2020-01-31')).text()).not.toContain(`/console/tickets/${number}`)
  })
})

describe('a cadre’s notices', () => {
  it('counts the unread ones beside the views, lists them with their tickets, and marks them read', async () => {
    const me = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'yh-cadre' } })
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    await inTransaction(t.desk.db, (tx) => notifyCadre(tx, { cadreId: me.cadreId!, kind: 'sla.reminder', ticketId: ticket.id, dedupeKey: `test-notice-${ticket.id}`, at: new Date(), data: {} }))
    const unread = async () => ((await (await get(t, yuehai, '/console/inbox.json')).json()) as { counts: { notices: number } }).counts.notices
    expect(await unread()).toBe(1)
    const page = await (await get(t, yuehai, '/console/notices')).text()
    expect(page).toContain('到期提醒')
    expect(page).toContain(`/console/tickets/${number}`)
    expect((await post(t, yuehai, '/console/notices/read', {})).status).toBe(303)
    expect(await unread()).toBe(0)
  })
})
