// The WeChat groups the bot is in: seen, bound by a unit admin to a unit of their subtree
// only, and a ticket opened from a bound group goes to that unit, whatever unit the worker
// was known by before.
import { beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../../../src/desk/accounts/index.ts'
import { bindGroup, groupUnit, listGroups, seenGroup, unbindGroup, type GroupActor } from '../../../src/desk/chat-links/index.ts'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { deskForThisFile } from '../../support/desk.ts'

const t = deskForThisFile()
const { units } = demoUnion
const channel = 'wechaty' as const
let yuehaiAdmin: GroupActor
let baoanAdmin: GroupActor
let yuehaiCadre: GroupActor

const unitId = async (code: string) => (await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code } })).id
const groupRow = (groupId: string) => t.desk.db.chatGroup.findUniqueOrThrow({ where: { channel_groupId: { channel, groupId } } })

beforeAll(async () => {
  const actor = async (login: string, role: 'unit_admin' | 'cadre', unitCode: string, cadreName?: string): Promise<GroupActor> => {
    const cadreId = cadreName ? (await t.desk.db.cadre.findFirstOrThrow({ where: { name: cadreName } })).id : undefined
    const a = await createAccount(t.desk.db, { login, displayName: login, password: 'Gonghui-2026-test', role, unitCode, cadreId }, new Date())
    return { accountId: a.id, role, unitPath: (await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: unitCode } })).path }
  }
  yuehaiAdmin = await actor('yh-admin', 'unit_admin', units.yuehai.code)
  baoanAdmin = await actor('ba-admin', 'unit_admin', units.baoan.code)
  yuehaiCadre = await actor('yh-cadre', 'cadre', units.yuehai.code, demoUnion.cadres.yuehaiCadre)
})

describe('a group the bot is in', () => {
  it('is recorded when first heard from, its name kept fresh, and has no unit until an admin binds it', async () => {
    await seenGroup(t.desk.db, { channel, groupId: 'room-hx@chatroom', topic: '华兴电子  贴片车间\n职工群', at: new Date('2026-12-01T02:00:00Z') })
    await seenGroup(t.desk.db, { channel, groupId: 'room-hx@chatroom', topic: '华兴电子贴片车间职工群', at: new Date('2026-12-01T03:00:00Z') })
    const row = await groupRow('room-hx@chatroom')
    expect(row).toMatchObject({ topic: '华兴电子贴片车间职工群', orgUnitId: null, firstSeenAt: new Date('2026-12-01T02:00:00Z'), lastSeenAt: new Date('2026-12-01T03:00:00Z') })
    expect(await groupUnit(t.desk.db, { channel, groupId: 'room-hx@chatroom' })).toBeNull()
    expect(await groupUnit(t.desk.db, { channel, groupId: 'never-seen@chatroom' })).toBeNull()
  })

  it('is bound by a unit admin to a unit of their subtree, on the audit trail', async () => {
    const row = await groupRow('room-hx@chatroom')
    await bindGroup(t.desk, yuehaiAdmin, { chatGroupId: row.id, orgUnitId: await unitId(units.huaxing.code) })
    expect(await groupUnit(t.desk.db, { channel, groupId: 'room-hx@chatroom' })).toEqual({ orgUnitId: await unitId(units.huaxing.code), unitCode: units.huaxing.code })
    expect(await groupRow('room-hx@chatroom')).toMatchObject({ boundById: yuehaiAdmin.accountId, boundAt: expect.any(Date) })
    const entry = await t.desk.db.auditEntry.findFirstOrThrow({ where: { action: 'chatgroup.bound', accountId: yuehaiAdmin.accountId } })
    expect(JSON.parse(entry.data!)).toMatchObject({ chatGroupId: row.id, unit: units.huaxing.code })
  })

  it('cannot be bound outside the admin’s subtree, by a cadre, or taken by an admin of another subtree', async () => {
    const row = await groupRow('room-hx@chatroom')
    await expect(bindGroup(t.desk, yuehaiAdmin, { chatGroupId: row.id, orgUnitId: await unitId(units.baoan.code) })).rejects.toMatchObject({ code: 'unit_not_found' })
    await expect(bindGroup(t.desk, yuehaiCadre, { chatGroupId: row.id, orgUnitId: await unitId(units.kuaida.code) })).rejects.toMatchObject({ code: 'not_allowed' })
    await expect(unbindGroup(t.desk, yuehaiCadre, { chatGroupId: row.id })).rejects.toMatchObject({ code: 'not_allowed' })
    await expect(bindGroup(t.desk, baoanAdmin, { chatGroupId: row.id, orgUnitId: await unitId(units.xinan.code) })).rejects.toMatchObject({ code: 'chat_group_not_found' })
    await expect(unbindGroup(t.desk, baoanAdmin, { chatGroupId: row.id })).rejects.toMatchObject({ code: 'chat_group_not_found' })
    expect(await groupUnit(t.desk.db, { channel, groupId: 'room-hx@chatroom' })).toMatchObject({ unitCode: units.huaxing.code })
  })

  it('is listed to the admins of its unit’s subtree, and while unbound to every admin', async () => {
    await seenGroup(t.desk.db, { channel, groupId: 'room-new@chatroom', topic: '新来的群', at: new Date('2026-12-02T02:00:00Z') })
    const topics = async (a: GroupActor) => (await listGroups(t.desk.db, { unitPath: a.unitPath })).map((g) => [g.topic, g.unit?.code ?? null])
    expect(await topics(yuehaiAdmin)).toEqual([['新来的群', null], ['华兴电子贴片车间职工群', units.huaxing.code]])
    expect(await topics(baoanAdmin)).toEqual([['新来的群', null]])
  })

  it('is unbound by an admin of its subtree: its unit is gone, on the audit trail', async () => {
    const row = await groupRow('room-new@chatroom')
    await bindGroup(t.desk, yuehaiAdmin, { chatGroupId: row.id, orgUnitId: await unitId(units.kuaida.code) })
    await unbindGroup(t.desk, yuehaiAdmin, { chatGroupId: row.id })
    expect(await groupUnit(t.desk.db, { channel, groupId: 'room-new@chatroom' })).toBeNull()
    expect(await groupRow('room-new@chatroom')).toMatchObject({ orgUnitId: null, boundById: null, boundAt: null })
    await expect(unbindGroup(t.desk, yuehaiAdmin, { chatGroupId: row.id })).rejects.toMatchObject({ code: 'chat_group_not_found' })
    expect(await t.desk.db.auditEntry.count({ where: { action: 'chatgroup.unbound' } })).toBe(1)
  })
})

describe('routing by the group’s unit', () => {
  it('sends a case from a bound group to its unit, even for a worker the desk knew by another unit', async () => {
    const hint = (await groupUnit(t.desk.db, { channel, groupId: 'room-hx@chatroom' }))!.unitCode
    // The worker first greeted the desk from the 快达 side: the desk knows them by 快达's union now.
    const contact = 'oGroupWorker0000000000000001'
    const first = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: contact, externalMessageId: 'grp-1', text: '你好', receivedAt: new Date(), profile: { orgHint: units.kuaida.code } })
    expect(first.ticketNumber).toBeNull()
    const worker = await t.desk.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: contact } }, include: { worker: true } })
    expect(worker.worker.unitId).toBe(await unitId(units.kuaida.code))
    // Then they write in the 华兴 group, which the admin bound to 华兴's union.
    const r = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: contact, externalMessageId: 'grp-2', text: '车间拖欠我们两个月工资了', receivedAt: new Date(), profile: { orgHint: hint } })
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: r.ticketNumber! }, include: { unit: true } })
    expect(ticket.unit.code).toBe(units.huaxing.code)
  })
})
