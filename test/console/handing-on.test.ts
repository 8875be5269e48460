// Handing a ticket on in the console: to a cadre of a lower unit it moves with them (their
// unit's people see it, their notice opens it), and the timeline says who to whom and why.
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile, json } from '../support/desk.ts'
import { accountFor, followed, get, post, signIn, type Browser } from './support.ts'

const { cadres, units } = demoUnion
const t = deskForThisFile()
let leader: Browser
let cadre: Browser

const openAt = async (orgHint: string, text = '老板拖欠我们三个月工资了') =>
  ((await (await t.app.request('/api/messages', json({ text, orgHint }))).json()) as { ticketNumber: string }).ticketNumber

beforeAll(async () => {
  await accountFor(t, 'ns-leader', 'leader', { cadreName: cadres.nanshanLeader })
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: cadres.yuehaiCadre })
  leader = await signIn(t, 'ns-leader')
  cadre = await signIn(t, 'yh-cadre')
})

describe('handing a ticket down', () => {
  it('moves it to the new assignee’s unit, so they open it, from their notice too, and the timeline says so', async () => {
    const number = await openAt('南山区')
    const before = await t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { unit: true, assignee: true } })
    expect(before.unit.code).toBe(units.nanshan.code)
    const first = before.assignee!.name
    expect((await get(t, cadre, `/console/tickets/${number}`)).status).toBe(404) // not theirs yet
    const to = await t.desk.db.cadre.findFirstOrThrow({ where: { name: cadres.yuehaiCadre } })
    const res = await post(t, leader, `/console/tickets/${number}/reassign`, { cadreId: to.id, reason: '科技园的企业，请街道跟进' })
    const { page: leaderPage } = await followed(t, leader, res)
    expect(leaderPage).toContain('工单也转到了接手干部所在的单位')
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { unit: true } })
    expect(after.unit.code).toBe(units.yuehai.code)
    expect(after.assigneeId).toBe(to.id)

    // The new assignee opens it, by the link in their notice.
    const notices = await (await get(t, cadre, '/console/notices')).text()
    expect(notices).toContain('新工单分给您')
    expect(notices).toContain(`/console/tickets/${number}`)
    const page = await get(t, cadre, `/console/tickets/${number}`)
    expect(page.status).toBe(200)
    const text = await page.text()
    // From whom to whom, the move, and the reason; by the leader's name, not their sign-in name.
    expect(text).toContain(`已转交：${first}（${units.nanshan.name}） → ${cadres.yuehaiCadre}（${units.yuehai.name}）；工单从${units.nanshan.name}转到${units.yuehai.name}。原因：科技园的企业，请街道跟进`)
    expect(text).toContain(`· ${cadres.nanshanLeader}</div>`)
    expect(text).not.toContain('ns-leader</div>')
    expect(text).toContain(`已分派给 ${first}（${units.nanshan.name}）`)
    expect(text).not.toContain('ticket.assigned')
    const moved = await t.desk.db.ticketEvent.findFirstOrThrow({ where: { ticketId: after.id, type: 'ticket.reassigned' } })
    expect(JSON.parse(moved.data!)).toMatchObject({ fromUnitId: before.unitId, toUnitId: after.unitId })
  })

  it('keeps a ticket handed within one unit where it was', async () => {
    const number = await openAt('粤海街道')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    const other = await t.desk.db.cadre.findFirstOrThrow({ where: { unitId: ticket.unitId, active: true, id: { not: ticket.assigneeId ?? '' } } })
    const { page } = await followed(t, leader, await post(t, leader, `/console/tickets/${number}/reassign`, { cadreId: other.id, reason: '换人跟进' }))
    expect(page).toContain('已转交。')
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).unitId).toBe(ticket.unitId)
  })
})

describe('what is assigned to a cadre', () => {
  it('is theirs to open wherever it sits, in the inbox and by number', async () => {
    // Handed by the machine API to a cadre of another subtree (the API knows no subtrees).
    const number = await openAt('宝安区')
    const me = await t.desk.db.cadre.findFirstOrThrow({ where: { name: cadres.yuehaiCadre } })
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    // Put it on them without moving it, as an assignment from before tickets moved with their assignee.
    await t.desk.db.ticket.update({ where: { id: ticket.id }, data: { assigneeId: me.id } })
    expect((await get(t, cadre, `/console/tickets/${number}`)).status).toBe(200)
    expect(await (await get(t, cadre, '/console?view=mine')).text()).toContain(`/console/tickets/${number}`)
    // Lower case, as people type it into the address bar.
    expect((await get(t, cadre, `/console/tickets/${number.toLowerCase()}`)).status).toBe(200)
  })
})
