import { describe, expect, it } from 'vitest'
import type { Category } from '../../../src/classify/types.ts'
import { routeTicket } from '../../../src/desk/routing/index.ts'
import { deskForThisFile } from '../../support/desk.ts'

/**
 * Routing against the seeded demo union (src/db/seed-demo.ts) at fixed instants, so
 * working hours are checked at known times whatever the clock says when the suite runs.
 */
const t = deskForThisFile()

// Shanghai is UTC+8: these are local times.
const wednesday10 = new Date('2026-11-25T02:00:00Z')
const saturday10 = new Date('2026-11-28T02:00:00Z')
const monday10 = new Date('2026-11-30T02:00:00Z')
const sunday03 = new Date('2026-11-29T19:00:00Z') // Monday 03:00 local

const route = (unitCode: string, category: Category, opts: { urgent?: boolean; severe?: boolean; now?: Date } = {}) =>
  t.desk.db.$transaction(async (tx) => {
    const unit = await tx.orgUnit.findUniqueOrThrow({ where: { code: unitCode } })
    const r = await routeTicket(tx, { unit, category, urgent: opts.urgent ?? false, severity: opts.severe ? 'severe' : 'general', now: opts.now ?? wednesday10, calendar: t.desk.calendar })
    return { name: r.assignee?.name ?? null, tier: r.tier, reason: r.reason }
  })

const cadre = (name: string) => t.desk.db.cadre.findFirstOrThrow({ where: { name } })
let seq = 0
/** Open tickets held by a cadre: their load. */
async function giveOpenTickets(name: string, count: number) {
  const c = await cadre(name)
  const worker = await t.desk.db.worker.create({ data: {} })
  for (let i = 0; i < count; i++) {
    await t.desk.db.ticket.create({
      data: { number: `NJ-000000-${String(++seq).padStart(4, '0')}`, workerId: worker.id, channel: 'web', category: 'other', confidence: 1, classifiedBy: 'test', unitId: c.unitId, assigneeId: c.id },
    })
  }
}

describe('routing', () => {
  it('by tier: urgent and severe hardship cases go to a leader one-on-one, general ones to a cadre', async () => {
    expect(await route('sz-ns', 'hardship', { urgent: true })).toMatchObject({ name: '陈建平', tier: 'leader' })
    expect(await route('yh-hx', 'hardship', { severe: true })).toMatchObject({ name: '罗美玲', tier: 'leader' })
    expect(await route('yh-hx', 'hardship')).toMatchObject({ name: '谢文斌', tier: 'general' })
  })

  it('by category: only cadres who handle it, else the unit’s leader, else the unit above', async () => {
    expect((await route('sz-ns', 'hardship')).name).toBe('吴丽娟')
    expect((await route('sz-ns', 'job_seeking')).name).toBe('周凯')
    // 华兴电子's cadre does no wage cases: its leader takes them rather than sending them up.
    expect((await route('yh-hx', 'wage_arrears')).name).toBe('罗美玲')
    // The workshop and group unions have nobody: the case climbs to the enterprise.
    expect(await route('hx-smt-3', 'hardship')).toMatchObject({ name: '谢文斌', reason: expect.stringContaining('climbed to yh-hx') })
  })

  it('by load: least open work relative to capacity, then round robin', async () => {
    await giveOpenTickets('林晓燕', 2)
    expect((await route('sz-ns', 'legal_aid')).name).toBe('黄志伟')
    // Equal load now? Not yet: 林晓燕 2/20, 黄志伟 0/20. Give 黄志伟 three.
    await giveOpenTickets('黄志伟', 3)
    expect((await route('sz-ns', 'legal_aid')).name).toBe('林晓燕')
    // Capacity counts: with 5 places 林晓燕 is fuller (2/5) than 黄志伟 (3/20).
    await t.desk.db.cadre.update({ where: { id: (await cadre('林晓燕')).id }, data: { capacity: 5 } })
    expect((await route('sz-ns', 'legal_aid')).name).toBe('黄志伟')
    await t.desk.db.cadre.update({ where: { id: (await cadre('林晓燕')).id }, data: { capacity: 20 } })
    // Same load (3 each): whoever was assigned longest ago, turn and turn about.
    await giveOpenTickets('林晓燕', 1)
    const later = (minutes: number) => new Date(wednesday10.getTime() + minutes * 60_000)
    const turns = [(await route('sz-ns', 'legal_aid', { now: later(1) })).name, (await route('sz-ns', 'legal_aid', { now: later(2) })).name, (await route('sz-ns', 'legal_aid', { now: later(3) })).name]
    expect(new Set(turns.slice(0, 2))).toEqual(new Set(['林晓燕', '黄志伟']))
    expect(turns[2]).toBe(turns[0])
  })

  it('by working hours: on-duty cadres first; a general case stays in its unit when all are off', async () => {
    // 周凯 works Tuesday to Saturday, 吴丽娟 the office week; both take "other".
    expect((await route('sz-ns', 'other', { now: saturday10 })).name).toBe('周凯')
    expect((await route('sz-ns', 'other', { now: monday10 })).name).toBe('吴丽娟')
    // At 03:00 nobody is on duty at 粤海: the case still goes to its own cadre, for the morning.
    expect(await route('sz-ns-yh', 'wage_arrears', { now: sunday03 })).toMatchObject({ name: '何家豪', reason: expect.stringContaining('off duty') })
  })

  it('by working hours: an urgent case at night goes to the on-duty leader up the tree', async () => {
    // 粤海's leader keeps office hours; 南山's leader carries the duty phone around the clock.
    expect((await route('sz-ns-yh', 'hardship', { urgent: true, now: wednesday10 })).name).toBe('刘春梅')
    expect(await route('sz-ns-yh', 'hardship', { urgent: true, now: sunday03 })).toMatchObject({ name: '陈建平', reason: expect.stringContaining('climbed to sz-ns') })
  })

  it('skips cadres who are away', async () => {
    // 许晴 is on leave: 宝安's general cases go to its leader meanwhile.
    expect((await route('sz-ba', 'legal_aid')).name).toBe('杨振东')
    const back = await cadre('许晴')
    await t.desk.db.cadre.update({ where: { id: back.id }, data: { awayUntil: new Date(wednesday10.getTime() - 1000) } })
    expect((await route('sz-ba', 'legal_aid')).name).toBe('许晴')
  })
})
