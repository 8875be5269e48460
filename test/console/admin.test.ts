// A unit admin keeps the accounts of their subtree and reads the audit log of what its people did.
import { beforeAll, describe, expect, it } from 'vitest'
import { audit } from '../../src/desk/accounts/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile, json } from '../support/desk.ts'
import { accountFor, get, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let unitAdmin: Browser
let cadre: Browser

beforeAll(async () => {
  await accountFor(t, 'ns-admin', 'unit_admin', { unitCode: demoUnion.units.nanshan.code })
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  unitAdmin = await signIn(t, 'ns-admin')
  cadre = await signIn(t, 'yh-cadre')
})

describe('accounts and the audit log', () => {
  it('records who revealed a worker’s phone, for the unit admin to read', async () => {
    const res = await t.app.request('/api/messages', json({ text: '公司拖欠工资', orgHint: '粤海街道', phone: '13900001111' }))
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    await post(t, cadre, `/console/tickets/${ticketNumber}/reveal`, {})
    expect(await (await get(t, unitAdmin, '/console/admin')).text()).toContain('href="/console/admin/audit"')
    const page = await (await get(t, unitAdmin, '/console/admin/audit')).text()
    expect(page).toContain('查看完整姓名电话')
    expect(page).toContain('yh-cadre')
    expect(page).toContain(ticketNumber)
    expect(page).not.toContain('13900001111')
  })

  it('creates accounts within the subtree only, and is the unit admin’s alone', async () => {
    const ok = await post(t, unitAdmin, '/console/admin/accounts', { login: 'new.cadre', displayName: '新干部', role: 'viewer', unitCode: demoUnion.units.yuehai.code, password: 'First-pass-2026' })
    expect(await ok.text()).toContain('账号 new.cadre 已建好')
    await signIn(t, 'new.cadre', 'First-pass-2026')
    const outside = await post(t, unitAdmin, '/console/admin/accounts', { login: 'far.away', displayName: '外单位', role: 'cadre', unitCode: demoUnion.units.baoan.code, password: 'First-pass-2026' })
    expect(outside.status).toBe(422)
    expect((await get(t, cadre, '/console/admin')).status).toBe(403)
    expect((await get(t, cadre, '/console/admin/audit')).status).toBe(403)
    expect((await post(t, cadre, '/console/admin/accounts', { login: 'sneaky', displayName: 'x', role: 'unit_admin', unitCode: demoUnion.units.yuehai.code, password: 'First-pass-2026' })).status).toBe(403)
  })
})

describe('the audit log, asked a question', () => {
  /** The rows of the log's table, as [time, who, what, ticket]. */
  const rowsOf = (page: string) => [...page.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3], m[4]!.replace(/<[^>]+>/g, '')])
  const audited = async (path: string) => (await get(t, unitAdmin, `/console/admin/audit${path}`)).text()

  it('answers who looked at a worker’s phone on one ticket: by action, person and ticket number, within the subtree only', async () => {
    await accountFor(t, 'yh-cadre2', 'cadre', { cadreName: demoUnion.cadres.yuehaiLeader })
    await accountFor(t, 'ba-cadre', 'cadre', { cadreName: demoUnion.cadres.baoanLeader })
    const other = await signIn(t, 'yh-cadre2')
    const far = await signIn(t, 'ba-cadre')
    const open = async (orgHint: string, phone: string) => ((await (await t.app.request('/api/messages', json({ text: '公司拖欠工资', orgHint, phone }))).json()) as { ticketNumber: string }).ticketNumber
    const mine = await open('粤海街道', '13900002221')
    const elsewhere = await open('粤海街道', '13900002222')
    const baoan = await open('宝安区', '13900002223')
    await post(t, cadre, `/console/tickets/${mine}/reveal`, {})
    await post(t, other, `/console/tickets/${mine}/reveal`, {})
    await post(t, other, `/console/tickets/${elsewhere}/reveal`, {})
    await post(t, far, `/console/tickets/${baoan}/reveal`, {})

    const onMine = rowsOf(await audited(`?action=reveal&ticket=${mine.toLowerCase()}`))
    expect(onMine.map(([, who, what, ticket]) => [who, what, ticket])).toEqual([['yh-cadre2', '查看完整姓名电话', mine], ['yh-cadre', '查看完整姓名电话', mine]])
    expect(rowsOf(await audited(`?action=reveal&who=yh-cadre2`)).map((r) => r[3])).toEqual([elsewhere, mine])
    // 宝安 is not the 南山 admin's: neither by ticket nor by person, and a number that names nothing finds nothing alike.
    expect(rowsOf(await audited(`?ticket=${baoan}`))).toEqual([])
    expect(rowsOf(await audited('?who=ba-cadre'))).toEqual([])
    expect(await audited('?ticket=NJ-000000-0000')).toContain('没有符合条件的记录')
    // The form shows the question it answered.
    const page = await audited(`?action=reveal&who=yh-cadre2&ticket=${mine}`)
    expect(page).toContain('<option value="reveal" selected="">')
    expect(page).toContain('<option value="yh-cadre2" selected="">')
    expect(page).toContain(`value="${mine}"`)
  })

  it('keeps to the days asked for, in the desk’s time zone, with the year when it is not this one', async () => {
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'yh-cadre' } })
    // 2025-03-01 in Beijing runs from 2025-02-28T16:00Z to 2025-03-01T16:00Z.
    for (const iso of ['2025-02-28T15:59:00Z', '2025-02-28T16:00:00Z', '2025-03-01T15:59:00Z', '2025-03-01T16:00:00Z']) {
      await audit(t.desk.db, { accountId: account.id, action: 'password.changed', at: new Date(iso) })
    }
    const day = rowsOf(await audited('?from=2025-03-01&to=2025-03-01'))
    expect(day.map((r) => r[0])).toEqual(['2025年3月1日 23:59', '2025年3月1日 00:00'])
    expect(rowsOf(await audited('?from=2025-03-02&to=2025-03-02&action=password.changed')).map((r) => r[0])).toEqual(['2025年3月2日 00:00'])
    expect(rowsOf(await audited('?from=2025-01-01&to=2025-02-28')).map((r) => r[0])).toEqual(['2025年2月28日 23:59'])
    expect(await audited('?from=2025-03-02&to=2025-03-01')).toContain('开始日期晚于结束日期')
    expect(await audited('?from=2025-02-30')).toContain('日期请按')
  })

  it('goes a page at a time, newest first, keeping the question in the links', async () => {
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'yh-cadre' } })
    const start = Date.parse('2024-05-10T01:00:00Z')
    await t.desk.db.auditEntry.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ accountId: account.id, action: 'login', createdAt: new Date(start + i * 60_000) })) })
    const query = '?action=login&who=yh-cadre&from=2024-05-10&to=2024-05-10'
    const first = await audited(query)
    expect(first).toContain('共 120 条，第 1 / 3 页')
    expect(rowsOf(first)).toHaveLength(50)
    expect(rowsOf(first)[0]![0]).toBe('2024年5月10日 10:59')
    const next = first.match(/<a href="([^"]+)" rel="next">/)![1]!.replaceAll('&amp;', '&')
    expect(new URL(next, 'http://x').searchParams.toString()).toBe(new URLSearchParams({ action: 'login', who: 'yh-cadre', from: '2024-05-10', to: '2024-05-10', page: '2' }).toString())
    expect(first).not.toContain('rel="prev"')
    const last = await (await get(t, unitAdmin, next.replace('page=2', 'page=3'))).text()
    expect(rowsOf(last)).toHaveLength(20)
    expect(rowsOf(last).at(-1)![0]).toBe('2024年5月10日 09:00')
    expect(last).not.toContain('rel="next"')
    expect(last.match(/<a href="([^"]+)" rel="prev">/)![1]!.replaceAll('&amp;', '&')).toBe(`/console/admin/audit${query}&page=2`)
  })
})

describe('the people routing sends cases to', () => {
  it('lets a unit admin set a cadre’s categories, capacity and leave, and routing follows at once', async () => {
    const page = await (await get(t, unitAdmin, '/console/admin/cadres')).text()
    expect(page).toContain(demoUnion.cadres.yuehaiCadre)
    const cadreRow = await t.desk.db.cadre.findFirstOrThrow({ where: { name: demoUnion.cadres.yuehaiCadre } })
    const away = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
    const res = await post(t, unitAdmin, `/console/admin/cadres/${cadreRow.id}`, { categories: 'wage_arrears', capacity: '12', awayUntil: away, active: '1' })
    expect(await res.text()).toContain('设置已保存')
    const after = await t.desk.db.cadre.findUniqueOrThrow({ where: { id: cadreRow.id }, include: { skills: true } })
    expect(after).toMatchObject({ capacity: 12, active: true })
    expect(after.skills.map((s) => s.category)).toEqual(['wage_arrears'])
    expect(after.awayUntil!.getTime()).toBeGreaterThan(Date.now())
    // Away: a new case in 粤海 goes to someone else.
    const opened = await t.app.request('/api/messages', json({ text: '老板拖欠工资两个月了', orgHint: '粤海街道' }))
    const { ticketNumber } = (await opened.json()) as { ticketNumber: string }
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })).assigneeId).not.toBe(cadreRow.id)
    expect((await post(t, cadre, `/console/admin/cadres/${cadreRow.id}`, { capacity: '99' })).status).toBe(403)
    expect((await post(t, unitAdmin, `/console/admin/cadres/${cadreRow.id}`, { capacity: '0' })).status).toBe(422)
  })
})

describe('answers kept ready', () => {
  it('are kept by a unit admin for the units of their subtree, and fill a cadre’s reply box on a ticket below', async () => {
    const save = await post(t, unitAdmin, '/console/admin/canned', { unitCode: demoUnion.units.nanshan.code, title: '欠薪材料清单', text: '请准备：劳动合同或工牌、工资条或转账记录、考勤记录。' })
    expect(await save.text()).toContain('已保存')
    expect((await post(t, unitAdmin, '/console/admin/canned', { unitCode: demoUnion.units.baoan.code, title: '外区', text: '不该存进来' })).status).toBe(422)
    const res = await t.app.request('/api/messages', json({ text: '老板拖欠工资', orgHint: '粤海街道' }))
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    const reply = await t.desk.db.cannedReply.findFirstOrThrow({ where: { title: '欠薪材料清单' } })
    const page = await (await get(t, cadre, `/console/tickets/${ticketNumber}?canned=${reply.id}`)).text()
    expect(page).toContain('<option value="' + reply.id + '">欠薪材料清单</option>')
    expect(page).toMatch(/<textarea id="reply"[^>]*>请准备：劳动合同或工牌/)
  })
})

describe('time limits', () => {
  it('are changed by the top unit’s admin only, and new tickets take them', async () => {
    await accountFor(t, 'top-admin', 'unit_admin', { unitCode: 'gd' })
    const top = await signIn(t, 'top-admin')
    const policy = await t.desk.db.slaPolicy.findFirstOrThrow({ where: { category: 'wage_arrears', urgent: false } })
    expect((await post(t, unitAdmin, `/console/admin/sla/${policy.id}`, { firstResponseHours: '1', resolutionHours: '10', clockMode: 'calendar' })).status).toBe(403)
    expect((await post(t, top, `/console/admin/sla/${policy.id}`, { firstResponseHours: '5', resolutionHours: '2', clockMode: 'calendar' })).status).toBe(422)
    const ok = await post(t, top, `/console/admin/sla/${policy.id}`, { firstResponseHours: '3', resolutionHours: '48', clockMode: 'calendar' })
    expect(await ok.text()).toContain('时限已保存')
    const opened = await t.app.request('/api/messages', json({ text: '老板拖欠我们三个月工资了', orgHint: '粤海街道' }))
    const { ticketNumber } = (await opened.json()) as { ticketNumber: string }
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
    expect(ticket).toMatchObject({ category: 'wage_arrears', urgent: false })
    expect(ticket.firstResponseDueAt!.getTime() - ticket.createdAt.getTime()).toBe(3 * 3600_000)
  })
})

describe('new people', () => {
  it('adds a cadre who takes cases at once, and an account tied to them', async () => {
    const res = await post(t, unitAdmin, '/console/admin/cadres', { name: '王新来', unitCode: demoUnion.units.yuehai.code, role: 'cadre', categories: 'job_seeking', capacity: '8' })
    expect(await res.text()).toContain('已新增 王新来')
    const newcomer = await t.desk.db.cadre.findFirstOrThrow({ where: { name: '王新来' }, include: { skills: true } })
    expect(newcomer.skills.map((s) => s.category)).toEqual(['job_seeking'])
    const account = await post(t, unitAdmin, '/console/admin/accounts', { login: 'wang.xl', displayName: '王新来', role: 'cadre', unitCode: demoUnion.units.yuehai.code, cadreId: newcomer.id, password: 'First-pass-2026' })
    expect(await account.text()).toContain('账号 wang.xl 已建好')
    expect((await t.desk.db.account.findUniqueOrThrow({ where: { login: 'wang.xl' } })).cadreId).toBe(newcomer.id)
  })
})

describe('the org tree', () => {
  it('grows below the admin’s unit, and a new unit’s aliases route the next message there', async () => {
    const res = await post(t, unitAdmin, '/console/admin/units', { parent: demoUnion.units.yuehai.code, name: '星河电子厂工会', code: 'yh-xinghe', level: 'enterprise', aliases: '星河电子，星河厂' })
    expect(await res.text()).toContain('已新增 星河电子厂工会')
    expect((await post(t, unitAdmin, '/console/admin/units', { parent: demoUnion.units.yuehai.code, name: '重复', code: 'yh-xinghe', level: 'enterprise' })).status).toBe(409)
    expect((await post(t, unitAdmin, '/console/admin/units', { parent: demoUnion.units.baoan.code, name: '外区', code: 'ba-x', level: 'enterprise' })).status).toBe(422)
    const opened = await t.app.request('/api/messages', json({ text: '星河厂拖欠我们工资两个月', orgHint: '星河厂' }))
    const { ticketNumber } = (await opened.json()) as { ticketNumber: string }
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber }, include: { unit: true } })
    expect(ticket.unit.code).toBe('yh-xinghe')
  })
})

describe('duty hours', () => {
  it('are kept per weekday for a cadre, and refused when they do not parse', async () => {
    const x = await t.desk.db.cadre.findFirstOrThrow({ where: { name: demoUnion.cadres.huaxingCadre } })
    const ok = await post(t, unitAdmin, `/console/admin/cadres/${x.id}`, { capacity: '10', active: '1', categories: 'hardship', 'h-mon': '09:00-12:00, 13:00-17:00', 'h-sat': '09:00～12:00' })
    expect(await ok.text()).toContain('设置已保存')
    const after = await t.desk.db.cadre.findUniqueOrThrow({ where: { id: x.id } })
    expect(JSON.parse(after.workingHours!)).toEqual({ weeklyHours: { mon: [['09:00', '12:00'], ['13:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [['09:00', '12:00']], sun: [] } })
    expect((await post(t, unitAdmin, `/console/admin/cadres/${x.id}`, { capacity: '10', active: '1', 'h-mon': '17:00-09:00' })).status).toBe(422)
  })
})

describe('keeping accounts', () => {
  it('resets a password or switches an account off, ending its sessions at once', async () => {
    await accountFor(t, 'leaving', 'viewer', { unitCode: demoUnion.units.yuehai.code })
    const theirs = await signIn(t, 'leaving')
    expect(await (await post(t, unitAdmin, '/console/admin/accounts/leaving', { action: 'reset', password: 'short' })).text()).toContain('密码至少')
    expect(await (await post(t, unitAdmin, '/console/admin/accounts/leaving', { action: 'reset', password: 'Reset-pass-2026' })).text()).toContain('密码已重设')
    expect((await get(t, theirs, '/console')).status).toBe(302)
    const again = await signIn(t, 'leaving', 'Reset-pass-2026')
    await post(t, unitAdmin, '/console/admin/accounts/leaving', { action: 'disable' })
    expect((await get(t, again, '/console')).status).toBe(302)
    await expect(signIn(t, 'leaving', 'Reset-pass-2026')).rejects.toThrow(/answered 401/)
    expect((await post(t, cadre, '/console/admin/accounts/leaving', { action: 'enable' })).status).toBe(403)
  })
})

describe('refusals, not failures', () => {
  it('refuses an account for a cadre who already has one, and a cadre’s account tied to no cadre, in Chinese', async () => {
    const taken = await t.desk.db.cadre.findFirstOrThrow({ where: { name: demoUnion.cadres.yuehaiCadre } }) // yh-cadre's
    const twice = await post(t, unitAdmin, '/console/admin/accounts', { login: 'he.again', displayName: '何家豪', role: 'cadre', unitCode: demoUnion.units.yuehai.code, cadreId: taken.id, password: 'First-pass-2026' })
    expect(twice.status).toBe(422)
    expect(await twice.text()).toContain('这位干部已经有账号了（登录名 yh-cadre）')
    const untied = await post(t, unitAdmin, '/console/admin/accounts', { login: 'no.one', displayName: '某某', role: 'cadre', unitCode: demoUnion.units.yuehai.code, password: 'First-pass-2026' })
    expect(untied.status).toBe(422)
    expect(await untied.text()).toContain('干部账号要选是哪位干部')
    expect(await t.desk.db.account.count({ where: { login: { in: ['he.again', 'no.one'] } } })).toBe(0)
  })

  it('answers a time limit that does not exist with 404 and a reason', async () => {
    const top = await signIn(t, 'top-admin')
    const res = await post(t, top, '/console/admin/sla/no-such-policy', { firstResponseHours: '3', resolutionHours: '48', clockMode: 'calendar' })
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('没有这条时限')
  })
})

