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
    expect(res.status).toBe(303)
    expect(await t.desk.db.callbackTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', outcome: 'reached' })
  })

  it('says whom to call: the worker’s name and phone masked, revealed on request (audited), and the ticket it is about', async () => {
    const hx = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: demoUnion.units.huaxing.code } })
    const opened = await t.app.request('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '家里困难，孩子上学交不起学费', orgHint: '华兴电子', name: '赵春燕', phone: '13500003333' }) })
    const { ticketNumber } = (await opened.json()) as { ticketNumber: string }
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
    const task = await t.desk.db.callbackTask.create({
      data: { kind: 'satisfaction', workerId: ticket.workerId, unitId: hx.id, ticketId: ticket.id, reason: `办结回访 ${ticketNumber}`, dueAt: new Date(Date.now() - 60_000), dedupeKey: `test-cb-${ticket.id}` },
    })
    const page = await (await get(t, huaxing, '/console/callbacks')).text()
    const card = page.slice(page.indexOf(`id="cb-${task.id}"`))
    expect(card).toContain('打给：赵**，135****3333')
    expect(card).toContain(`<a href="/console/tickets/${ticketNumber}">${ticketNumber}</a>`)
    expect(page).not.toContain('13500003333')
    const revealed = await post(t, huaxing, `/console/callbacks/${task.id}/reveal`, {})
    expect(revealed.status).toBe(200)
    const shown = await revealed.text()
    expect(shown).toContain('打给：赵春燕，<a href="tel:13500003333">13500003333</a>')
    const me = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'hx-cadre' } })
    const entry = await t.desk.db.auditEntry.findFirstOrThrow({ where: { action: 'reveal', accountId: me.id } })
    expect(entry.ticketId).toBe(ticket.id)
    expect(JSON.parse(entry.data!)).toMatchObject({ callbackTaskId: task.id })
    // Another district's leader: not theirs to reveal.
    expect((await post(t, baoan, `/console/callbacks/${task.id}/reveal`, {})).status).toBe(404)
  })
})
