import { afterAll, describe, expect, it } from 'vitest'
import { fireSlaTimers, onSlaTimer, reconcileTimers } from '../../../src/desk/timekeeping/index.ts'
import { jobIds } from '../../../src/queue/jobs.ts'
import { relayOutbox } from '../../../src/queue/outbox.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { testClock } from '../../support/clock.ts'
import { admin, deskForThisFile, eventually, json, type TestDesk } from '../../support/desk.ts'
import { watchJobs } from '../../support/jobs.ts'

const { cadres } = demoUnion
const HOUR = 3600_000
const firstResponseStages = ['50', '90', '100', '150'].map((pct) => `first-response-${pct}`)

// In real time: seconds instead of hours, counted around the clock, so the timers fire by themselves inside the test.
const live = deskForThisFile({}, (desk) => desk.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 1, clockMode: 'calendar' } }))
// On the desk's clock: an hour to answer, which real time never reaches here; the tests move the clock and run the jobs.
const clock = testClock()
const t = deskForThisFile({ now: clock.now }, (desk) => desk.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 3600, clockMode: 'calendar' } }))
const jobs = watchJobs(() => t)
afterAll(() => jobs.close())

const open = async (desk: TestDesk, text: string) => {
  const res = await desk.app.request('/api/messages', json({ text }))
  const { ticketNumber, accessCode } = (await res.json()) as { ticketNumber: string; accessCode: string }
  return { ...(await desk.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })), accessCode }
}
const firstResponseSteps = (desk: TestDesk, ticketId: string) =>
  desk.desk.db.ticketEvent.findMany({ where: { ticketId, type: { in: ['sla.reminder', 'sla.escalated'] } }, orderBy: { createdAt: 'asc' } })
/** The ticket's SLA jobs waiting in Redis, by id. */
const slaJobsOf = async (ticketId: string) => (await t.desk.queues.sla.getDelayed()).filter((j) => j.data.ticketId === ticketId).map((j) => j.id).sort()
const cadreName = async (id: string) => (await live.desk.db.cadre.findUniqueOrThrow({ where: { id } })).name

describe('first-response reminders and escalation', () => {
  it('reminds the assignee at 50% and 90%, then escalates to the unit’s leader at the deadline and one unit up after (in real time)', async () => {
    const ticket = await open(live, '厂里拖欠工资三个月了')
    expect(await firstResponseSteps(live, ticket.id)).toHaveLength(0)
    const events = await eventually(async () => {
      const r = await firstResponseSteps(live, ticket.id)
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
    expect(await cadreName(steps[2]!.toCadreId)).toBe(cadres.nanshanLeader) // the leader of 南山区
    expect(await cadreName(steps[3]!.toCadreId)).toBe(cadres.cityLeader) // the leader of the city above
    expect((await live.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).escalationLevel).toBe(2)
    // The console's inbox holds the same notices.
    expect(await live.desk.db.cadreNotice.count({ where: { ticketId: ticket.id } })).toBe(4)
  })

  it('does nothing when a cadre answered in time, and the pending jobs are cancelled', async () => {
    const ticket = await open(t, '老板欠我两个月工资')
    // One job per clock, for its next step.
    expect(await slaJobsOf(ticket.id)).toEqual([jobIds.sla(ticket.id, 'first-response-50'), jobIds.sla(ticket.id, 'resolution-50')])

    const res = await t.app.request(`/api/tickets/${ticket.number}/replies`, json({ text: '您好，我是工会的何家豪，明天上午给您打电话。' }, admin))
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ number: ticket.number, firstResponse: true })
    for (const stage of firstResponseStages) expect(await t.desk.queues.sla.getJob(jobIds.sla(ticket.id, stage))).toBeUndefined()
    // The resolution clock still runs.
    expect(await (await t.desk.queues.sla.getJob(jobIds.sla(ticket.id, 'resolution-50')))?.getState()).toBe('delayed')

    // Past every first-response step: the two passes that re-create alarms (the outbox relay and the
    // reconciler) put none back, and nothing was recorded.
    clock.advance(2 * HOUR)
    await relayOutbox({ ...t.desk, graceMs: 0 })
    await reconcileTimers(t.desk)
    for (const stage of firstResponseStages) expect(await t.desk.queues.sla.getJob(jobIds.sla(ticket.id, stage))).toBeUndefined()
    expect(await firstResponseSteps(t, ticket.id)).toHaveLength(0)
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(after.status).toBe('answered')
    expect(after.firstRespondedAt).not.toBeNull()
    const status = (await (await t.app.request(`/api/tickets/${ticket.number}?code=${ticket.accessCode}`)).json()) as { status: string }
    expect(status.status).toBe('answered')
  })

  it('stands down when the answer came but the jobs could not be cancelled (they re-read the ticket)', async () => {
    const ticket = await open(t, '公司不发加班费')
    // Answered behind the timers' back: every one of them is still waiting in Redis.
    await t.desk.db.ticket.update({ where: { id: ticket.id }, data: { firstRespondedAt: clock.now(), status: 'answered' } })
    clock.advance(2 * HOUR) // past every first-response step
    expect(await jobs.runNow('sla', jobIds.sla(ticket.id, 'first-response-50'))).toBe('not-due')
    expect(await firstResponseSteps(t, ticket.id)).toHaveLength(0)
    // The clock stopped, so the job staged no next step.
    expect(await slaJobsOf(ticket.id)).toEqual([jobIds.sla(ticket.id, 'resolution-50')])
  })

  it('records one escalation however often the job runs', async () => {
    const ticket = await open(t, '欠薪的事情想问问，老板欠我三个月了')
    clock.advance(HOUR + 1000) // past the first-response deadline
    const outcomes = await Promise.all([1, 2, 3].map(() => onSlaTimer(t.desk, ticket.id, 'first-response-100')))
    expect(outcomes.filter((o) => o === 'escalated')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'already-done')).toHaveLength(2)
    // The clock's queued job (its first step, which those runs caught up on) adds nothing when it runs after them.
    expect(await jobs.runNow('sla', jobIds.sla(ticket.id, 'first-response-50'))).toBe('already-done')
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'sla.escalated' } })).toBe(1)
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'sla.reminder' } })).toBe(2)
    // What is left of the clock is its last step, at its instant.
    const last = await t.desk.queues.sla.getJob(jobIds.sla(ticket.id, 'first-response-150'))
    expect(last!.timestamp + last!.delay).toBe(ticket.createdAt.getTime() + 1.5 * HOUR)
    // A step not yet due does nothing.
    expect(await onSlaTimer(t.desk, ticket.id, 'resolution-50')).toBe('early')
  })

  it('after an upgrade from one job per step, a leftover step job catches its clock up and none of the steps fires twice', async () => {
    const ticket = await open(t, '工厂三个月没发工资了，老板联系不上')
    // What the previous version left in Redis: a job for every step, beside the clock's one.
    for (const pct of [90, 100, 150]) {
      const stage = `first-response-${pct}` as const
      await t.desk.queues.sla.add(stage, { ticketId: ticket.id, stage }, { jobId: jobIds.sla(ticket.id, stage), timestamp: clock.now().getTime(), delay: (pct / 100) * HOUR })
    }
    clock.advance(HOUR + 1000) // past the deadline: 50, 90 and 100 are due
    expect(await jobs.runNow('sla', jobIds.sla(ticket.id, 'first-response-100'))).toBe('escalated')
    expect(await jobs.runNow('sla', jobIds.sla(ticket.id, 'first-response-90'))).toBe('already-done')
    expect(await jobs.runNow('sla', jobIds.sla(ticket.id, 'first-response-50'))).toBe('already-done')
    const steps = await firstResponseSteps(t, ticket.id)
    expect(steps.map((e) => e.dedupeKey).sort()).toEqual(['100', '50', '90'].map((p) => jobIds.sla(ticket.id, `first-response-${p}`)))
    // Leftovers of the resolution clock that are not its next step are what the reconciler clears.
    for (const pct of [90, 100]) {
      const stage = `resolution-${pct}` as const
      await t.desk.queues.sla.add(stage, { ticketId: ticket.id, stage }, { jobId: jobIds.sla(ticket.id, stage), timestamp: Date.now() - 1000, delay: 10 * HOUR }) // put there before this pass
    }
    // It keeps the clock's next step (the leftover one happens to be it) and the resolution clock's.
    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 0, removed: 2 })
    expect(await slaJobsOf(ticket.id)).toEqual([jobIds.sla(ticket.id, 'first-response-150'), jobIds.sla(ticket.id, 'resolution-50')])
  })

  it('a job that fires before its step is due (the deadline moved after it was put in Redis) waits in place until then', async () => {
    const ticket = await open(t, '单位不给签劳动合同')
    const id = jobIds.sla(ticket.id, 'first-response-50')
    const job = await t.desk.queues.sla.getJob(id)
    await job!.promote()
    // It is moved back to the delayed set, due at its step's instant, and nothing is recorded.
    await eventually(async () => ((await (await t.desk.queues.sla.getJob(id))?.getState()) === 'delayed' ? true : null))
    expect(await firstResponseSteps(t, ticket.id)).toHaveLength(0)
    expect(await slaJobsOf(ticket.id)).toEqual([id, jobIds.sla(ticket.id, 'resolution-50')])
    clock.advanceTo(ticket.createdAt.getTime() + HOUR / 2)
    expect(await jobs.runNow('sla', id)).toBe('reminded')
  })

  it('jobs that fire together run in one transaction: each clock caught up once, each job told its own outcome', async () => {
    const a = await open(t, '工资条上的加班费算错了')
    const b = await open(t, '公司扣了我的押金不退')
    clock.advance(HOUR / 2 + 1000) // both tickets' 50 % reminders are due
    const runs = await fireSlaTimers(t.desk, [
      { ticketId: a.id, stage: 'first-response-50' },
      { ticketId: b.id, stage: 'first-response-50' },
      { ticketId: a.id, stage: 'first-response-90' }, // a leftover of a's clock, in the same batch, not due yet
      { ticketId: 'no-such-ticket', stage: 'resolution-50' },
    ])
    const values = runs.map((r) => (r.status === 'fulfilled' ? r.value : null))
    expect(values.map((v) => v?.outcome)).toEqual(['reminded', 'reminded', 'early', 'not-due'])
    // a's next step is the leftover job itself: it waits in place; a second job under its id would be dropped.
    expect(values[2]!.retryAt).toEqual(new Date(a.createdAt.getTime() + 0.9 * HOUR))
    expect(await t.desk.queues.sla.getJob(jobIds.sla(a.id, 'first-response-90'))).toBeUndefined()
    // b's next step was staged in the batch's transaction and put on the queue after it.
    const next = await t.desk.queues.sla.getJob(jobIds.sla(b.id, 'first-response-90'))
    expect(next!.timestamp + next!.delay).toBe(b.createdAt.getTime() + 0.9 * HOUR)
    for (const ticket of [a, b]) {
      const steps = await firstResponseSteps(t, ticket.id)
      expect(steps.map((e) => [e.type, e.dedupeKey])).toEqual([['sla.reminder', jobIds.sla(ticket.id, 'first-response-50')]])
      expect(await t.desk.db.cadreNotice.count({ where: { dedupeKey: jobIds.sla(ticket.id, 'first-response-50'), cadreId: ticket.assigneeId! } })).toBe(1)
    }
  })
})
