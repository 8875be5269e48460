// 删除我的信息: a worker on the Official Account asks; the unit admin of that unit completes
// the deletion (or declines it, with a reason) in the console; the tickets stay, the person goes.
import { beforeAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { applyChannelEvent, ERASED_TEXT } from '../../src/desk/people/index.ts'
import { replyToTicket } from '../../src/desk/tickets/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, get, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let nsAdmin: Browser
let baAdmin: Browser
let cadre: Browser

beforeAll(async () => {
  await accountFor(t, 'ns-admin', 'unit_admin', { unitCode: demoUnion.units.nanshan.code })
  await accountFor(t, 'ba-admin', 'unit_admin', { unitCode: demoUnion.units.baoan.code })
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  nsAdmin = await signIn(t, 'ns-admin')
  baAdmin = await signIn(t, 'ba-admin')
  cadre = await signIn(t, 'yh-cadre')
})

let seq = 0
/** A worker on the Official Account (an OpenID), writing through the channel-blind intake. */
function oaWorker(name: string) {
  const openId = `o${name.padEnd(27, '0')}`
  return {
    openId,
    say: (text: string, profile: { name?: string; phone?: string; orgHint?: string } = {}) =>
      acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: openId, externalMessageId: `m-${name}-${seq++}`, text, profile, receivedAt: t.desk.now() }),
    workerId: async () => (await t.desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'wechat_oa', externalId: openId } } }))?.workerId ?? null,
  }
}

/** A worker of 粤海街道 (under 南山, not under 宝安) with a wage case, who then asks to be deleted. */
async function askingToBeDeleted(name: string, person: { name: string; phone: string }) {
  const w = oaWorker(name)
  const opened = await w.say('公司拖欠工资', { ...person, orgHint: '粤海街道' })
  expect(opened.outcome).toBe('opened')
  await w.say('深圳华兴电子厂')
  const asked = await w.say('删除我的信息')
  expect(asked.reply).toMatch(/\d+月\d+日前办完/)
  const workerId = (await w.workerId())!
  const request = await t.desk.db.erasureRequest.findFirstOrThrow({ where: { workerId, status: 'pending' } })
  return { w, workerId, request, ticketNumber: opened.ticketNumber! }
}

describe('删除个人信息申请', () => {
  it('is listed for the unit admins of the worker’s unit and above, masked and oldest due first, and for nobody else', async () => {
    const { request } = await askingToBeDeleted('ListA', { name: '李秀英', phone: '13712345678' })
    const page = await (await get(t, nsAdmin, '/console/admin/erasure')).text()
    expect(page).toContain('删除个人信息申请')
    expect(page).toContain('李**')
    expect(page).toContain('137****5678')
    expect(page).not.toContain('李秀英')
    expect(page).not.toContain('13712345678')
    expect(page).toContain('1 件未办结')
    expect(page).toContain(`/console/admin/erasure/${request.id}`)
    // The landing page says how many wait; the navigation leads there.
    expect(await (await get(t, nsAdmin, '/console/admin')).text()).toMatch(/删除个人信息申请（\d+ 件待办）/)
    expect(page).toContain('href="/console/admin/erasure">删除申请</a>')

    // 宝安's admin: not in the list, not found by its id, not completed or declined by a post.
    expect(await (await get(t, baAdmin, '/console/admin/erasure')).text()).not.toContain(request.id)
    expect((await get(t, baAdmin, `/console/admin/erasure/${request.id}`)).status).toBe(404)
    expect((await post(t, baAdmin, `/console/admin/erasure/${request.id}/complete`, { confirm: 'yes' })).status).toBe(404)
    expect((await post(t, baAdmin, `/console/admin/erasure/${request.id}/decline`, { note: '不归我们' })).status).toBe(404)
    expect((await t.desk.db.erasureRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('pending')
    // Unit admins only, and every post carries the session's CSRF token.
    expect((await get(t, cadre, '/console/admin/erasure')).status).toBe(403)
    expect((await post(t, cadre, `/console/admin/erasure/${request.id}/complete`, { confirm: 'yes' })).status).toBe(403)
    expect((await post(t, nsAdmin, `/console/admin/erasure/${request.id}/complete`, { confirm: 'yes' }, false)).status).toBe(403)
  })

  it('marks a request past its due date as overdue', async () => {
    const { request } = await askingToBeDeleted('Late', { name: '王芳', phone: '13700001111' })
    await t.desk.db.erasureRequest.update({ where: { id: request.id }, data: { dueAt: new Date(t.desk.now().getTime() - 3600_000) } })
    const page = await (await get(t, nsAdmin, '/console/admin/erasure')).text()
    expect(page).toMatch(/<td class="late">[^<]*（已超期）<\/td>/)
    // Oldest due first: the overdue one is the first row.
    expect(page.indexOf('王*')).toBeLessThan(page.indexOf('李**'))
  })

  it('completing deletes who the worker is and what they wrote, keeps the tickets, and the worker writing again is someone new', async () => {
    const { w, workerId, request, ticketNumber } = await askingToBeDeleted('Erase', { name: '张建国', phone: '13812345678' })
    await applyChannelEvent(t.desk, { channel: 'wechat_oa', externalUserId: w.openId, type: 'LOCATION', dedupeKey: `${w.openId}-1-LOCATION`, at: t.desk.now(), change: { kind: 'located', latitude: 22.54, longitude: 113.95 } })
    // A cadre's answer with no Official Account sender in this desk: it waits, unsent.
    await replyToTicket(t.desk, { number: ticketNumber, text: '张师傅您好，请带上工资条来服务站。', actor: 'account:yh-cadre' })
    const before = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber }, include: { events: true } })
    expect(before.facts).not.toBeNull()
    expect(await t.desk.db.delivery.count({ where: { workerId, status: { in: ['pending', 'sending', 'deferred'] } } })).toBeGreaterThan(0)

    // The confirm step says what goes and what stays; a post without it shows that page.
    const confirm = await (await get(t, nsAdmin, `/console/admin/erasure/${request.id}`)).text()
    expect(confirm).toContain('会删除')
    expect(confirm).toContain('会保留')
    expect(confirm).toContain('再也不能给 TA 发消息')
    expect(confirm).toContain('1 件工单没办结')
    const bare = await post(t, nsAdmin, `/console/admin/erasure/${request.id}/complete`, {})
    expect(bare.status).toBe(303)
    expect((await t.desk.db.erasureRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('pending')

    const done = await post(t, nsAdmin, `/console/admin/erasure/${request.id}/complete`, { confirm: 'yes' })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('已删除这位职工的个人信息；1 件工单保留，编号不变。')

    const worker = await t.desk.db.worker.findUniqueOrThrow({ where: { id: workerId } })
    expect(worker).toMatchObject({ nameEnc: null, phoneEnc: null, phoneHash: null, nameHash: null, location: null, sensitiveConsent: null })
    const messages = await t.desk.db.message.findMany({ where: { workerId } })
    const inbound = messages.filter((m) => m.direction === 'in')
    expect(inbound.length).toBe(3)
    expect(inbound.every((m) => m.text === ERASED_TEXT && m.media === null)).toBe(true)
    // The cadres' words are the union's record of its work: kept.
    expect(messages.some((m) => m.direction === 'out' && m.text.includes('请带上工资条'))).toBe(true)
    expect(await t.desk.db.channelIdentity.count({ where: { workerId } })).toBe(0)
    expect(await t.desk.db.channelEvent.count({ where: { workerId } })).toBe(0)
    expect(await t.desk.db.conversation.count({ where: { workerId } })).toBe(0)
    const deliveries = await t.desk.db.delivery.findMany({ where: { workerId } })
    expect(deliveries.filter((d) => ['pending', 'sending', 'deferred'].includes(d.status))).toEqual([])
    expect(deliveries.some((d) => d.status === 'dead' && d.errorCode === 'worker_erased')).toBe(true)

    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber }, include: { events: true } })
    expect(after).toMatchObject({ id: before.id, number: ticketNumber, workerId, category: before.category, status: before.status, facts: null })
    expect(after.events.map((e) => e.type)).toEqual(expect.arrayContaining(before.events.map((e) => e.type)))
    expect(after.events.filter((e) => e.type === 'worker.erased').map((e) => e.actor)).toEqual(['account:ns-admin'])
    expect(await t.desk.db.erasureRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: 'done', completedBy: 'ns-admin', completedAt: expect.any(Date) })
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'ns-admin' } })
    expect(await t.desk.db.auditEntry.count({ where: { accountId: account.id, action: 'erasure.completed' } })).toBe(1)
    expect(await (await get(t, nsAdmin, '/console/admin/audit?action=erasure.completed')).text()).toContain('完成删除个人信息')
    // The leader's notice of the request is settled.
    expect(await t.desk.db.cadreNotice.findFirst({ where: { dedupeKey: `erasure-${request.id}`, readAt: null } })).toBeNull()

    // The ticket page: the timeline says so; nothing the worker wrote or gave is on it.
    const ticketPage = await (await get(t, cadre, `/console/tickets/${ticketNumber}`)).text()
    expect(ticketPage).toContain('已按职工的要求删除个人信息')
    expect(ticketPage).toContain(ERASED_TEXT)
    for (const gone of ['公司拖欠工资', '华兴电子', '张*', '138****5678']) expect(ticketPage).not.toContain(gone)

    // Twice: nothing happens, and the admin is told who did it and when.
    const twice = await post(t, nsAdmin, `/console/admin/erasure/${request.id}/complete`, { confirm: 'yes' })
    expect(twice.status).toBe(409)
    expect(await twice.text()).toMatch(/已在 .+ 由 ns-admin 完成删除，这次没有再改动什么/)
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: after.id, type: 'worker.erased' } })).toBe(1)
    expect(await t.desk.db.auditEntry.count({ where: { accountId: account.id, action: 'erasure.completed' } })).toBe(1)

    // The same OpenID writes again: a new worker, with none of the old data.
    const again = await w.say('你好，公司又拖欠工资了')
    const newId = (await w.workerId())!
    expect(newId).not.toBe(workerId)
    const fresh = await t.desk.db.worker.findUniqueOrThrow({ where: { id: newId }, include: { tickets: true, messages: true } })
    expect(fresh).toMatchObject({ nameEnc: null, phoneEnc: null, location: null })
    expect(fresh.tickets.map((x) => x.number)).not.toContain(ticketNumber)
    expect(again.ticketNumber).not.toBe(ticketNumber)
    expect(fresh.messages.every((m) => m.createdAt >= request.requestedAt)).toBe(true)
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })).workerId).toBe(workerId)
    // Nothing of it in the log either.
    expect(t.logs()).not.toContain('张建国')
    expect(t.logs()).not.toContain('13812345678')
  })

  it('declining needs a reason, and keeps it on the record', async () => {
    const { workerId, request } = await askingToBeDeleted('Decline', { name: '赵敏', phone: '13900002222' })
    const empty = await post(t, nsAdmin, `/console/admin/erasure/${request.id}/decline`, { note: '   ' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('不予删除要写明理由')
    expect((await t.desk.db.erasureRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('pending')

    const reason = '案件正在劳动仲裁中，需保留材料'
    const declined = await post(t, nsAdmin, `/console/admin/erasure/${request.id}/decline`, { note: reason })
    expect(declined.status).toBe(200)
    const page = await declined.text()
    expect(page).toContain('已记下不予删除和理由。')
    expect(page).toContain(reason)
    expect(await t.desk.db.erasureRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: 'declined', note: reason, completedBy: 'ns-admin' })
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'ns-admin' } })
    expect(await t.desk.db.auditEntry.count({ where: { accountId: account.id, action: 'erasure.declined' } })).toBe(1)
    // The worker is told, with the reason, on the channel they asked on.
    const told = await t.desk.db.delivery.findFirstOrThrow({ where: { workerId, purpose: 'erasure_declined' } })
    expect(told.channel).toBe('wechat_oa')
    expect((await t.desk.db.message.findUniqueOrThrow({ where: { id: told.messageId! } })).text).toContain(reason)
    // Nothing was deleted, and a declined request is not completed afterwards by mistake.
    const later = await post(t, nsAdmin, `/console/admin/erasure/${request.id}/complete`, { confirm: 'yes' })
    expect(later.status).toBe(409)
    expect(await later.text()).toContain('不予删除')
    expect((await t.desk.db.worker.findUniqueOrThrow({ where: { id: workerId } })).nameEnc).not.toBeNull()
    expect(await t.desk.db.channelIdentity.count({ where: { workerId } })).toBe(1)
  })
})
