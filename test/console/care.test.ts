// Calls and visits owed, and the hardship archive, as a cadre of a unit sees them.
import { beforeAll, describe, expect, it } from 'vitest'
import { planCallbacks } from '../../src/desk/care/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, get, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let huaxing: Browser
let baoan: Browser

beforeAll(async () => {
  await planCallbacks(t.desk) // the demo archive's quarterly calls
  await accountFor(t, 'hx-cadre', 'cadre', { cadreName: demoUnion.cadres.huaxingCadre })
  await accountFor(t, 'ba-leader', 'leader', { cadreName: demoUnion.cadres.baoanLeader })
  huaxing = await signIn(t, 'hx-cadre')
  baoan = await signIn(t, 'ba-leader')
})

describe('callbacks and care', () => {
  it('lists the calls owed within the subtree, and records an outcome', async () => {
    // One of them falls due now (the seed's own due days depend on the calendar date).
    const hx = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: demoUnion.units.huaxing.code } })
    const dueNow = await t.desk.db.callbackTask.findFirstOrThrow({ where: { unitId: hx.id, status: 'pending' } })
    await t.desk.db.callbackTask.update({ where: { id: dueNow.id }, data: { dueAt: new Date() } })
    const inbox = await (await get(t, huaxing, '/console')).text()
    expect(Number(inbox.match(/回访到期<span class="count">(\d+)</)![1])).toBeGreaterThanOrEqual(1)
    const page = await (await get(t, huaxing, '/console/callbacks')).text()
    expect(page).toContain('按季回访')
    expect(page).toContain(demoUnion.units.huaxing.name)
    const huaxingUnit = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: demoUnion.units.huaxing.code } })
    const task = await t.desk.db.callbackTask.findFirstOrThrow({ where: { unitId: huaxingUnit.id, status: 'pending' } })
    expect((await post(t, baoan, `/console/callbacks/${task.id}`, { outcome: 'reached', note: '越权' })).status).toBe(404)
    const res = await post(t, huaxing, `/console/callbacks/${task.id}`, { outcome: 'reached', note: '家里老人已出院，孩子学费已落实' })
    expect(res.status).toBe(200)
    expect(await t.desk.db.callbackTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', outcome: 'reached' })
  })
})
