import { describe, expect, it } from 'vitest'
import { onSlaTimer } from '../../../src/desk/timekeeping/index.ts'
import { admin, eventually, json, deskForThisFile } from '../../support/desk.ts'

const t = deskForThisFile({}, async (desk) => {
  // Seconds instead of hours, counted around the clock, so the timers fire inside the test.
  await desk.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 1, clockMode: 'calendar' } })
})

const open = async (text: string) => {
  const res = await t.app.request('/api/messages', json({ text }))
  const { ticketNumber } = (await res.json()) as { ticketNumber: string }
  return t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
}
const firstResponseSteps = (ticketId: string) =>
  t.desk.db.ticketEvent.findMany({ where: { ticketId, type: { in: ['sla.reminder', 'sla.escalated'] } }, orderBy: { createdAt: 'asc' } })
const cadreName = async (id: string) => (await t.desk.db.cadre.findUniqueOrThrow({ where: { id } })).name

describe('first-response reminders and escalation', () => {
  it('reminds the assignee at 50% and 90%, then escalates to the unit’s leader at the deadline and one unit up after', async () => {
    const ticket = await open('厂里拖欠工资三个月了')
    expect(await firstResponseSteps(ticket.id)).toHaveLength(0)
    const events = await eventually(async () => {
      const r = await firstResponseSteps(ticket.id)
      return r.length >= 4 ? r : null
    })
    const created = ticket.createdAt.getTime()
    const steps = events.map((e) => ({ type: e.type, at: e.createdAt.getTime() - created, ...(JSON.parse(e.data!) as { fraction: number; toCadreId: string; level?: number }) }))
    expect(steps.map((s) => [s.type, s.fraction])).toEqual([
      ['sla.reminder', 0.5],
      ['sla.reminder', 0.9],
      ['sla.escalated', 1],
      ['sla.escalated', 1.5],
    ])
    // Never early: each step at or after its share of the 1-second budget.
    for (const s of steps) expect(s.at).toBeGreaterThanOrEqual(s.fraction * 1000 - 50)
    expect(steps[0]!.toCadreId).toBe(ticket.assigneeId)
    expect(await cadreName(steps[2]!.toCadreId)).toBe('陈建平') // the leader of 南山区
    expect(await cadreName(steps[3]!.toCadreId)).toBe('郑国华') // the leader of the city above
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).escalationLevel).toBe(2)
    // The console's inbox holds the same notices.
    expect(await t.desk.db.cadreNotice.count({ where: { ticketId: ticket.id } })).toBe(4)
  })

  it('does nothing when a cadre answered in time, and the pending jobs are cancelled', async () => {
    const ticket = await open('老板欠我两个月工资')
    const jobId = `sla-${ticket.id}-first-response-100`
    expect(await (await t.desk.queues.sla.getJob(jobId))?.getState()).toBe('delayed')

    const res = await t.app.request(`/api/tickets/${ticket.number}/replies`, json({ text: '您好，我是工会的何家豪，明天上午给您打电话。' }, admin))
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ number: ticket.number, firstResponse: true })
    for (const stage of ['50', '90', '100', '150']) expect(await t.desk.queues.sla.getJob(`sla-${ticket.id}-first-response-${stage}`)).toBeUndefined()
    // The resolution clock still runs.
    expect(await (await t.desk.queues.sla.getJob(`sla-${ticket.id}-resolution-50`))?.getState()).toBe('delayed')

    await new Promise((r) => setTimeout(r, 1800))
    expect(await firstResponseSteps(ticket.id)).toHaveLength(0)
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(after.status).toBe('answered')
    expect(after.firstRespondedAt).not.toBeNull()
    const status = (await (await t.app.request(`/api/tickets/${ticket.number}`)).json()) as { status: string }
    expect(status.status).toBe('answered')
  })

  it('stands down when the answer came but the jobs could not be cancelled (they re-read the ticket)', async () => {
    const ticket = await open('公司不发加班费')
    await t.desk.db.ticket.update({ where: { id: ticket.id }, data: { firstRespondedAt: new Date(), status: 'answered' } })
    await new Promise((r) => setTimeout(r, 1800))
    expect(await firstResponseSteps(ticket.id)).toHaveLength(0)
  })

  it('records one escalation however often the job runs', async () => {
    const ticket = await open('欠薪的事情想问问')
    for (const stage of ['50', '90', '100', '150']) await t.desk.queues.sla.remove(`sla-${ticket.id}-first-response-${stage}`)
    await new Promise((r) => setTimeout(r, 1100))
    const outcomes = await Promise.all([1, 2, 3].map(() => onSlaTimer(t.desk, ticket.id, 'first-response-100')))
    expect(outcomes.filter((o) => o === 'escalated')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'already-done')).toHaveLength(2)
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'sla.escalated' } })).toBe(1)
    // A step not yet due does nothing.
    expect(await onSlaTimer(t.desk, ticket.id, 'resolution-50')).toBe('early')
  })
})
