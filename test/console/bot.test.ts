// The bot's console pages: its login state and QR code for unit admins, the groups it is in
// bound to units, and a cadre's own 绑定我的微信 with a one-time code.
import { beforeAll, describe, expect, it } from 'vitest'
import { writeBotStatus, type BotStatus } from '../../src/channels/wechaty/status.ts'
import { cadreByContact, groupUnit, redeemCadreBindCode, seenGroup } from '../../src/desk/chat-links/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, followed, get, noticeOf, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
const { units } = demoUnion
let topAdmin: Browser
let yuehaiAdmin: Browser
let cadre: Browser
let viewer: Browser

beforeAll(async () => {
  await accountFor(t, 'gd-admin', 'unit_admin', { unitCode: units.province.code })
  await accountFor(t, 'yh-admin', 'unit_admin', { unitCode: units.yuehai.code })
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  await accountFor(t, 'yh-viewer', 'viewer', { unitCode: units.yuehai.code })
  topAdmin = await signIn(t, 'gd-admin')
  yuehaiAdmin = await signIn(t, 'yh-admin')
  cadre = await signIn(t, 'yh-cadre')
  viewer = await signIn(t, 'yh-viewer')
})

/** The bot's status as the bot process writes it (src/channels/wechaty/status.ts). */
const botIs = (s: Partial<BotStatus> & Pick<BotStatus, 'state'>) => {
  const now = new Date().toISOString()
  return writeBotStatus(t.desk.queues.redis, t.desk.config.QUEUE_PREFIX, { since: now, seenAt: now, leaseMs: 30_000, reconnects: 0, ...s })
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the 微信机器人 page', () => {
  it('says the bot never started when no bot process wrote a status', async () => {
    const page = await (await get(t, yuehaiAdmin, '/console/admin/bot')).text()
    expect(text(page)).toContain('机器人还没有启动过')
    expect(page).not.toContain('http-equiv="refresh"')
  })

  it('draws the login QR code as inline SVG for the top unit’s admin while the bot waits for a scan, and loads itself again', async () => {
    await botIs({ state: 'scan', qr: 'https://login.weixin.qq.com/l/IaysbZa04Q==' })
    const res = await get(t, topAdmin, '/console/admin/bot')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/)
    expect(page).toContain('<meta http-equiv="refresh" content="5"/>')
    expect(text(page)).toContain('机器人在等扫码登录')
    expect(page).not.toContain('IaysbZa04Q') // the payload is drawn, never written out
    // Another unit's admin sees that it waits, not the code: whoever scans becomes every unit's bot.
    const lower = await (await get(t, yuehaiAdmin, '/console/admin/bot')).text()
    expect(lower).not.toContain('<svg')
    expect(text(lower)).toContain('上级工会（最上一级单位）的管理员')
  })

  it('says who the bot is once logged in, and that it is gone when its process stopped writing', async () => {
    await botIs({ state: 'logged_in', name: '南山工会小娘家', reconnects: 1 })
    const page = await (await get(t, topAdmin, '/console/admin/bot')).text()
    expect(text(page)).toContain('机器人在线：微信号“南山工会小娘家”')
    expect(page).not.toContain('<svg')
    expect(page).not.toContain('http-equiv="refresh"')
    await botIs({ state: 'scan', qr: 'https://login.weixin.qq.com/l/old', seenAt: new Date(Date.now() - 120_000).toISOString() })
    const stale = await (await get(t, topAdmin, '/console/admin/bot')).text()
    expect(text(stale)).toContain('机器人现在没有在运行')
    expect(stale).not.toContain('<svg')
  })

  it('is for unit admins only', async () => {
    expect((await get(t, cadre, '/console/admin/bot')).status).toBe(403)
    expect((await get(t, viewer, '/console/admin/bot')).status).toBe(403)
    expect(await (await get(t, yuehaiAdmin, '/console/admin')).text()).toContain('href="/console/admin/bot"')
  })
})

describe('the groups page', () => {
  it('lets a unit admin bind a group the bot has seen to a unit of their subtree, and unbind it', async () => {
    await seenGroup(t.desk.db, { channel: 'wechaty', groupId: 'room-kd@chatroom', topic: '快达物流司机群', at: new Date() })
    const group = await t.desk.db.chatGroup.findUniqueOrThrow({ where: { channel_groupId: { channel: 'wechaty', groupId: 'room-kd@chatroom' } } })
    const listed = await (await get(t, yuehaiAdmin, '/console/admin/bot/groups')).text()
    expect(text(listed)).toContain('快达物流司机群 ')
    expect(text(listed)).toContain('未绑定')
    expect(listed).not.toContain(units.baoan.name) // only the admin's subtree in the select
    const kuaida = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: units.kuaida.code } })

    const bound = await followed(t, yuehaiAdmin, await post(t, yuehaiAdmin, `/console/admin/bot/groups/${group.id}`, { action: 'bind', orgUnitId: kuaida.id }))
    expect(noticeOf(bound.page)).toContain('绑好了')
    expect(bound.page).toContain(`<option value="${kuaida.id}" selected="">`)
    expect(await groupUnit(t.desk.db, { channel: 'wechaty', groupId: 'room-kd@chatroom' })).toEqual({ orgUnitId: kuaida.id, unitCode: units.kuaida.code })

    const baoan = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: units.baoan.code } })
    const outside = await post(t, yuehaiAdmin, `/console/admin/bot/groups/${group.id}`, { action: 'bind', orgUnitId: baoan.id })
    expect(outside.status).toBe(422)
    expect(noticeOf(await outside.text())).toContain('只能绑定到本单位或下级单位')

    const unbound = await followed(t, yuehaiAdmin, await post(t, yuehaiAdmin, `/console/admin/bot/groups/${group.id}`, { action: 'unbind' }))
    expect(noticeOf(unbound.page)).toContain('已解除绑定')
    expect(await groupUnit(t.desk.db, { channel: 'wechaty', groupId: 'room-kd@chatroom' })).toBeNull()
  })

  it('is closed to a cadre who is not an admin, and to a form without the session’s token', async () => {
    const group = await t.desk.db.chatGroup.findUniqueOrThrow({ where: { channel_groupId: { channel: 'wechaty', groupId: 'room-kd@chatroom' } } })
    const kuaida = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: units.kuaida.code } })
    expect((await get(t, cadre, '/console/admin/bot/groups')).status).toBe(403)
    expect((await post(t, cadre, `/console/admin/bot/groups/${group.id}`, { action: 'bind', orgUnitId: kuaida.id })).status).toBe(403)
    expect((await post(t, yuehaiAdmin, `/console/admin/bot/groups/${group.id}`, { action: 'bind', orgUnitId: kuaida.id }, false)).status).toBe(403)
    expect(await groupUnit(t.desk.db, { channel: 'wechaty', groupId: 'room-kd@chatroom' })).toBeNull()
  })
})

describe('绑定我的微信', () => {
  it('gives a cadre a one-time code with what to send, then shows the link, which they can end', async () => {
    const start = await (await get(t, cadre, '/console/me/wechat')).text()
    expect(start).toContain('href="/console/me/wechat"')
    expect(text(start)).toContain('还没有绑定微信')

    const res = await post(t, cadre, '/console/me/wechat/code', {})
    expect(res.status).toBe(200)
    const page = await res.text()
    const code = page.match(/data-bind-code="([A-Z0-9]{8})"/)![1]!
    expect(text(page)).toContain(`用微信给工会机器人发送： 绑定 ${code} （10 分钟内有效）`)
    expect(res.headers.get('cache-control')).toBe('no-store')

    // The cadre sends it to the bot, which redeems it.
    const linked = await redeemCadreBindCode(t.desk, { channel: 'wechaty', contactId: 'wxid_hejiahao', code, at: new Date() })
    expect(linked).toMatchObject({ displayName: demoUnion.cadres.yuehaiCadre })
    const after = await (await get(t, cadre, '/console/me/wechat')).text()
    expect(text(after)).toContain('已经绑定了微信')
    expect(after).not.toContain(code)

    const ended = await followed(t, cadre, await post(t, cadre, '/console/me/wechat/unlink', {}))
    expect(noticeOf(ended.page)).toContain('已解除绑定')
    expect(await cadreByContact(t.desk.db, { channel: 'wechaty', contactId: 'wxid_hejiahao' })).toBeNull()
  })

  it('is for people who are cadres: a viewer has no link to it and is told why', async () => {
    const home = await (await get(t, viewer, '/console')).text()
    expect(home).not.toContain('href="/console/me/wechat"')
    const codes = await t.desk.db.cadreBindCode.count()
    const res = await get(t, viewer, '/console/me/wechat')
    expect(res.status).toBe(403)
    expect(text(await res.text())).toContain('只有干部和分管领导的账号能绑定微信')
    expect((await post(t, viewer, '/console/me/wechat/code', {})).status).toBe(403)
    expect(await t.desk.db.cadreBindCode.count()).toBe(codes)
  })
})
