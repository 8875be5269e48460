import { describe, expect, it } from 'vitest'
import type { Category } from '../../../src/classify/types.ts'
import { routeTicket } from '../../../src/desk/routing/index.ts'
import { inTransaction } from '../../../src/db/transaction.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { deskForThisFile } from '../../support/desk.ts'

const { units, cadres } = demoUnion

/**
 * Routing against the seeded demo union (test/fixtures/demo-union.ts) at fixed instants, so
 * working hours are checked at known times whatever the clock says when the suite runs.
 */
const t = deskForThisFile()

// Shanghai is UTC+8: these are local times.
const wednesday10 = new Date('2026-11-25T02:00:00Z')
const saturday10 = new Date('2026-11-28T02:00:00Z')
const monday10 = new Date('2026-11-30T02:00:00Z')
const sunday03 = new Date('2026-11-29T19:00:00Z') // Monday 03:00 local

const route = (unitCode: string, category: Category, opts: { urgent?: boolean; severe?: boolean; now?: Date } = {}) =>
  inTransaction(t.desk.db, async (tx) => {
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
    expect(await route(units.nanshan.code, 'hardship', { urgent: true })).toMatchObject({ name: cadres.nanshanLeader, tier: 'leader' })
    expect(await route(units.huaxing.code, 'hardship', { severe: true })).toMatchObject({ name: cadres.huaxingLeader, tier: 'leader' })
    expect(await route(units.huaxing.code, 'hardship')).toMatchObject({ name: cadres.huaxingCadre, tier: 'general' })
  })

  it('by category: only cadres who handle it, else the unit’s leader, else the unit above', async () => {
    expect((await route(units.nanshan.code, 'hardship')).name).toBe(cadres.nanshanCare)
    expect((await route(units.nanshan.code, 'job_seeking')).name).toBe(cadres.nanshanJobs)
    // 华兴电子's cadre does no wage cases: its leader takes them rather than sending them up.
    expect((await route(units.huaxing.code, 'wage_arrears')).name).toBe(cadres.huaxingLeader)
    // The workshop and group unions have nobody: the case climbs to the enterprise.
    expect(await route(units.huaxingGroup.code, 'hardship')).toMatchObject({ name: cadres.huaxingCadre, reason: expect.stringContaining(`climbed to ${units.huaxing.code}`) })
  })

  it('by load: least open work relative to capacity, then round robin', async () => {
    await giveOpenTickets(cadres.nanshanWageA, 2)
    expect((await route(units.nanshan.code, 'legal_aid')).name).toBe(cadres.nanshanWageB)
    // Equal load now? Not yet: 林晓燕 2/20, 黄志伟 0/20. Give 黄志伟 three.
    await giveOpenTickets(cadres.nanshanWageB, 3)
    expect((await route(units.nanshan.code, 'legal_aid')).name).toBe(cadres.nanshanWageA)
    // Capacity counts: with 5 places 林晓燕 is fuller (2/5) than 黄志伟 (3/20).
    await t.desk.db.cadre.update({ where: { id: (await cadre(cadres.nanshanWageA)).id }, data: { capacity: 5 } })
    expect((await route(units.nanshan.code, 'legal_aid')).name).toBe(cadres.nanshanWageB)
    await t.desk.db.cadre.update({ where: { id: (await cadre(cadres.nanshanWageA)).id }, data: { capacity: 20 } })
    // Same load (3 each): whoever was assigned longest ago, turn and turn about.
    await giveOpenTickets(cadres.nanshanWageA, 1)
    const later = (minutes: number) => new Date(wednesday10.getTime() + minutes * 60_000)
    const turns = [(await route(units.nanshan.code, 'legal_aid', { now: later(1) })).name, (await route(units.nanshan.code, 'legal_aid', { now: later(2) })).name, (await route(units.nanshan.code, 'legal_aid', { now: later(3) })).name]
    expect(new Set(turns.slice(0, 2))).toEqual(new Set([cadres.nanshanWageA, cadres.nanshanWageB]))
    expect(turns[2]).toBe(turns[0])
  })

  it('by working hours: on-duty cadres first; a general case stays in its unit when all are off', async () => {
    // 周凯 works Tuesday to Saturday, 吴丽娟 the office week; both take "other".
    expect((await route(units.nanshan.code, 'other', { now: saturday10 })).name).toBe(cadres.nanshanJobs)
    expect((await route(units.nanshan.code, 'other', { now: monday10 })).name).toBe(cadres.nanshanCare)
    // At 03:00 nobody is on duty at 粤海: the case still goes to its own cadre, for the morning.
    expect(await route(units.yuehai.code, 'wage_arrears', { now: sunday03 })).toMatchObject({ name: cadres.yuehaiCadre, reason: expect.stringContaining('off duty') })
  })

  it('by working hours: an urgent case at night goes to the on-duty leader up the tree', async () => {
    // 粤海's leader keeps office hours; 南山's leader carries the duty phone around the clock.
    expect((await route(units.yuehai.code, 'hardship', { urgent: true, now: wednesday10 })).name).toBe(cadres.yuehaiLeader)
    expect(await route(units.yuehai.code, 'hardship', { urgent: true, now: sunday03 })).toMatchObject({ name: cadres.nanshanLeader, reason: expect.stringContaining(`climbed to ${units.nanshan.code}`) })
  })

  it('skips cadres who are away', async () => {
    // 许晴 is on leave: 宝安's general cases go to its leader meanwhile.
    expect((await route(units.baoan.code, 'legal_aid')).name).toBe(cadres.baoanLeader)
    const back = await cadre(cadres.baoanCadreOnLeave)
    await t.desk.db.cadre.update({ where: { id: back.id }, data: { awayUntil: new Date(wednesday10.getTime() - 1000) } })
    expect((await route(units.baoan.code, 'legal_aid')).name).toBe(cadres.baoanCadreOnLeave)
  })
})
