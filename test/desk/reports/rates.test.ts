import { beforeAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { admin, deskForThisFile } from '../../support/desk.ts'

const { units } = demoUnion

// The rates are read "as of" this instant: 10 April 2026.
const t = deskForThisFile({ now: () => new Date('2026-04-10T02:00:00Z') })

const h = 3600_000
let seq = 0
/** A ticket with exactly the times that decide the rates. */
async function ticket(unit: string, created: string, f: { respondedAfterH?: number; resolutionDue: string; closed?: string; satisfaction?: string }) {
  const u = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: unit } })
  const worker = await t.desk.db.worker.create({ data: {} })
  const createdAt = new Date(created)
  await t.desk.db.ticket.create({
    data: {
      number: `NJ-260301-${String(++seq).padStart(4, '0')}`, workerId: worker.id, channel: 'web', category: 'wage_arrears', confidence: 1, classifiedBy: 'test',
      unitId: u.id, createdAt, firstResponseDueAt: new Date(createdAt.getTime() + 4 * h),
      firstRespondedAt: f.respondedAfterH === undefined ? null : new Date(createdAt.getTime() + f.respondedAfterH * h),
      resolutionDueAt: new Date(f.resolutionDue), closedAt: f.closed ? new Date(f.closed) : null, status: f.closed ? 'closed' : 'open',
      satisfaction: f.satisfaction ?? null,
    },
  })
}

describe('the three rates (响应率、解决率、满意率)', () => {
  beforeAll(async () => {
    await ticket(units.nanshan.code, '2026-03-05T02:00:00Z', { respondedAfterH: 1, resolutionDue: '2026-03-20T00:00:00Z', closed: '2026-03-10T00:00:00Z', satisfaction: 'satisfied' })
    await ticket(units.nanshan.code, '2026-03-06T02:00:00Z', { respondedAfterH: 6, resolutionDue: '2026-03-21T00:00:00Z', closed: '2026-03-25T00:00:00Z', satisfaction: 'basically_satisfied' })
    await ticket(units.nanshan.code, '2026-03-07T02:00:00Z', { resolutionDue: '2026-05-01T00:00:00Z' }) // never answered; not yet due for resolution
    await ticket(units.nanshan.code, '2026-02-28T16:30:00Z', { respondedAfterH: 1, resolutionDue: '2026-04-01T00:00:00Z' }) // 1 March 00:30 in Shanghai; now overdue
    await ticket(units.nanshan.code, '2026-03-31T16:30:00Z', { respondedAfterH: 1, resolutionDue: '2026-04-20T00:00:00Z' }) // already April in Shanghai
    await ticket(units.yuehai.code, '2026-03-10T02:00:00Z', { respondedAfterH: 2, resolutionDue: '2026-05-01T00:00:00Z' })
    await ticket(units.yuehai.code, '2026-03-11T02:00:00Z', { respondedAfterH: 1, resolutionDue: '2026-03-30T00:00:00Z', closed: '2026-03-15T00:00:00Z', satisfaction: 'unsatisfied' })
    await ticket(units.baoan.code, '2026-03-12T02:00:00Z', { respondedAfterH: 1, resolutionDue: '2026-05-01T00:00:00Z' })
  })

  it('counts per unit and month, in Shanghai time, for a unit and the units below it', async () => {
    const res = await t.app.request(`/api/stats/rates?month=2026-03&unit=${units.nanshan.code}`, { headers: admin })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { month: string; unitCode: string; units: Record<string, unknown>[]; total: Record<string, unknown> }
    expect(body).toMatchObject({ month: '2026-03', unitCode: units.nanshan.code })
    expect(body.units.map((u) => u.unitCode)).toEqual([units.nanshan.code, units.yuehai.code])
    expect(body.units[0]).toMatchObject({
      tickets: 4,
      responseCounted: 4, respondedOnTime: 2, responseRate: 0.5,
      resolutionCounted: 3, resolvedOnTime: 1, resolutionRate: 0.3333,
      rated: 2, satisfied: 1, basicallySatisfied: 1, unsatisfied: 0, satisfactionRate: 1,
    })
    expect(body.units[1]).toMatchObject({ tickets: 2, responseRate: 1, resolutionCounted: 1, resolutionRate: 1, rated: 1, satisfactionRate: 0 })
    expect(body.total).toMatchObject({ tickets: 6, responseRate: 0.6667, resolutionRate: 0.5, satisfactionRate: 0.6667 })
  })

  it('covers every unit without a unit filter, and a month with nothing in it has no rates', async () => {
    const all = (await (await t.app.request('/api/stats/rates?month=2026-03', { headers: admin })).json()) as { units: { unitCode: string }[]; total: { tickets: number } }
    expect(all.units.map((u) => u.unitCode)).toEqual([units.baoan.code, units.nanshan.code, units.yuehai.code])
    expect(all.total.tickets).toBe(7)
    const april = (await (await t.app.request(`/api/stats/rates?month=2026-04&unit=${units.nanshan.code}`, { headers: admin })).json()) as { total: Record<string, unknown> }
    expect(april.total).toMatchObject({ tickets: 1, responseRate: 1, resolutionCounted: 0, resolutionRate: null, satisfactionRate: null })
    expect((await t.app.request('/api/stats/rates?month=2026-03')).status).toBe(401)
  })
})
