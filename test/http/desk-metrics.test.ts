import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { admin, deskForThisFile } from '../support/desk.ts'

/** The alerts docs/operations.md suggests need these figures: the outbox's backlog and age, and tickets past their deadlines. */
const t = deskForThisFile()

const metric = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(name))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}
const scrape = async () => (await t.app.request('/metrics', { headers: admin })).text()

describe('what needs attention, on /metrics', () => {
  it('counts outbox rows not yet on Redis and says how old the oldest is', async () => {
    const hour = new Date(Date.now() - 3600_000)
    // A row the relay cannot put anywhere (its queue is not in the catalog) stays pending, as a
    // stuck one does: a row for a real queue may be relayed before the scrape (the relay's first
    // pass, with no grace, ran late on a loaded PostgreSQL in CI).
    await t.desk.db.outboxJob.create({ data: { queue: 'retired-queue', name: 'stuck', jobId: 'intake-stuck-metric', payload: JSON.stringify({ messageId: 'none' }), runAt: hour, createdAt: hour } })
    const after = await scrape()
    expect(metric(after, 'niangjia_outbox_pending')).toBeGreaterThanOrEqual(1)
    expect(metric(after, 'niangjia_outbox_oldest_seconds')).toBeGreaterThanOrEqual(3599)
    await t.desk.db.outboxJob.deleteMany({ where: { jobId: 'intake-stuck-metric' } })
  })

  it('counts open tickets past a deadline, and escalated ones, but not those waiting for the worker', async () => {
    const r = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: 'oMetricsOverdue000000000001', externalMessageId: 'mo-1', text: '老板拖欠我们两个月工资了，一共八千块', receivedAt: new Date() })
    const past = new Date(Date.now() - 60_000)
    await t.desk.db.ticket.update({ where: { number: r.ticketNumber! }, data: { firstResponseDueAt: past, resolutionDueAt: past, escalationLevel: 1 } })
    const text = await scrape()
    expect(metric(text, 'niangjia_tickets_overdue{clock="first_response"}')).toBe(1)
    expect(metric(text, 'niangjia_tickets_overdue{clock="resolution"}')).toBe(1)
    expect(metric(text, 'niangjia_tickets_escalated')).toBe(1)
    await t.desk.db.ticket.update({ where: { number: r.ticketNumber! }, data: { status: 'waiting_worker' } })
    expect(metric(await scrape(), 'niangjia_tickets_overdue{clock="resolution"}')).toBe(0)
  })
})
