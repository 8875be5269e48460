import { afterAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { onSlaTimer } from '../../../src/desk/timekeeping/index.ts'
import { jobIds, type SlaJob } from '../../../src/queue/jobs.ts'
import { testClock } from '../../support/clock.ts'
import { admin, deskForThisFile, json } from '../../support/desk.ts'
import { watchJobs } from '../../support/jobs.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** The resolution budget: an hour around the clock, on the desk's clock, which the tests move. */
const BUDGET = HOUR

const clock = testClock()
// The first response is answered at once (asking the worker is answering), so only the resolution clock matters.
const t = deskForThisFile({ now: clock.now }, (desk) =>
  desk.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 2 * BUDGET / 1000, resolutionSeconds: BUDGET / 1000, clockMode: 'calendar' } }),
)
const jobs = watchJobs(() => t)
afterAll(() => jobs.close())

const write = (text: string, id: string, worker = 'pause-worker') =>
  acceptMessage(t.desk, { channel: 'web', externalUserId: worker, externalMessageId: id, text, receivedAt: clock.now() })
const resolutionSteps = (ticketId: string) =>
  t.desk.db.ticketEvent.findMany({ where: { ticketId, dedupeKey: { startsWith: `sla-${ticketId}-resolution` } }, orderBy: { createdAt: 'asc' } })
/** A timer that is in Redis although it should not be (its removal failed): it runs now. */
const strayTimer = (ticketId: string, stage: SlaJob['stage']) =>
  t.desk.queues.sla.add(stage, { ticketId, stage }, { jobId: jobIds.sla(ticketId, stage) })

describe('waiting for the worker', () => {
  it('stops the clock while a question is open and shifts every deadline by the wait', async () => {
    const opened = await write('公司拖欠我上个月的工资', 'p-1')
    const number = opened.ticketNumber!
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    expect(ticket.resolutionDueAt).toEqual(new Date(ticket.createdAt.getTime() + BUDGET))

    clock.advance(10 * MINUTE)
    const asked = await t.app.request(`/api/tickets/${number}/questions`, json({ text: '请问是哪个月的工资？有工资条吗？' }, admin))
    expect(asked.status).toBe(201)
    const waiting = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(waiting).toMatchObject({ status: 'waiting_worker', resolutionDueAt: null })
    expect(waiting.firstRespondedAt).not.toBeNull() // asking is answering
    expect(waiting.slaPausedAt).not.toBeNull()
    // No timer of the ticket is left in Redis while it waits.
    const delayed = (await t.desk.queues.sla.getDelayed()).filter((j) => j.data.ticketId === ticket.id)
    expect(delayed).toHaveLength(0)
    const question = await t.desk.db.delivery.findFirstOrThrow({ where: { ticketId: ticket.id, purpose: 'cadre_question' } })
    expect(question.workerId).toBe(ticket.workerId)

    // Two hours, longer than the whole budget: without the pause every step would be due by now.
    // A timer that escaped cancelling re-reads the ticket and stands down.
    clock.advance(2 * HOUR)
    await strayTimer(ticket.id, 'resolution-100')
    expect(await jobs.outcome('sla', jobIds.sla(ticket.id, 'resolution-100'))).toBe('not-due')
    expect(await resolutionSteps(ticket.id)).toHaveLength(0)

    const answer = await write('是十月份的，工资条我拍照发给你们', 'p-2')
    expect(answer).toMatchObject({ outcome: 'continued', ticketNumber: number })
    const [pause] = await t.desk.db.slaPause.findMany({ where: { ticketId: ticket.id } })
    expect(pause!.resumedAt).not.toBeNull()
    const waited = pause!.resumedAt!.getTime() - pause!.pausedAt.getTime()
    expect(waited).toBeGreaterThanOrEqual(2 * HOUR)
    const resumed = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(resumed).toMatchObject({ status: 'open', slaPausedAt: null })
    const due = ticket.createdAt.getTime() + BUDGET + waited
    expect(resumed.resolutionDueAt!.getTime()).toBe(due)

    // Then each step is due at its shifted instant: a minute before it, it stands down; at it, it acts.
    const expected = [[50, 'reminded'], [90, 'reminded'], [100, 'escalated'], [150, 'escalated']] as const
    for (const [pct, outcome] of expected) {
      const stage = `resolution-${pct}` as const
      const at = ticket.createdAt.getTime() + (pct / 100) * BUDGET + waited
      const job = await t.desk.queues.sla.getJob(jobIds.sla(ticket.id, stage))
      expect(job!.timestamp + job!.delay).toBe(at)
      clock.advanceTo(at - MINUTE)
      expect(await onSlaTimer(t.desk, ticket.id, stage)).toBe('early')
      clock.advanceTo(at)
      expect(await jobs.runNow('sla', jobIds.sla(ticket.id, stage))).toBe(outcome)
    }
    const steps = await resolutionSteps(ticket.id)
    const fractions = steps.map((s) => (JSON.parse(s.data!) as { fraction: number }).fraction)
    expect(fractions).toEqual([0.5, 0.9, 1, 1.5])
    steps.forEach((s, i) => expect(s.createdAt.getTime()).toBeGreaterThanOrEqual(ticket.createdAt.getTime() + fractions[i]! * BUDGET + waited))
    expect(steps.map((s) => s.type)).toEqual(['sla.reminder', 'sla.reminder', 'sla.escalated', 'sla.escalated'])
  })

  it('closing cancels every timer and the clock never fires again', async () => {
    const opened = await write('老板说下个月才发工资', 'p-3', 'close-worker')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: opened.ticketNumber! } })
    const closed = await t.app.request(`/api/tickets/${ticket.number}/close`, json({ summary: '已与企业沟通，本周五前发放' }, admin))
    expect(closed.status).toBe(200)
    expect((await t.desk.queues.sla.getDelayed()).filter((j) => j.data.ticketId === ticket.id)).toHaveLength(0)
    // Past both budgets: timers that escaped cancelling re-read the ticket and stand down.
    clock.advance(3 * BUDGET)
    for (const stage of ['first-response-100', 'resolution-100'] as const) {
      await strayTimer(ticket.id, stage)
      expect(await jobs.outcome('sla', jobIds.sla(ticket.id, stage))).toBe('not-due')
    }
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: { in: ['sla.reminder', 'sla.escalated'] } } })).toBe(0)
    // A closed ticket refuses further actions with a reason.
    const again = await t.app.request(`/api/tickets/${ticket.number}/questions`, json({ text: '还有别的问题吗？' }, admin))
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ticket_closed')
  })
})
