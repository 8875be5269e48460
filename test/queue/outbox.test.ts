import { afterAll, describe, expect, it } from 'vitest'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

describe('a Redis outage while a message comes in', () => {
  it('stores the ticket with its timer in the outbox, and a restarted desk delivers the reminder', async () => {
    const redisA = await startTestRedis()
    const first: TestDesk = await startTestDesk({ redisUrl: redisA.url })
    cleanup.push(() => first.close(), () => redisA.stop())
    await first.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 2, clockMode: 'calendar' } })

    await redisA.stop() // Redis goes away between the commit and the enqueue
    const health = await first.app.request('/healthz', { headers: admin })
    expect(health.status).toBe(503)
    expect(((await health.json()) as { checks: { redis: { ok: boolean } } }).checks.redis.ok).toBe(false)

    const res = await first.app.request('/api/messages', json({ text: '工地老板拖欠工资跑路了' }))
    expect(res.status).toBe(201) // the ticket and its outbox row were committed together
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    const ticket = await first.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
    const pending = await first.desk.db.outboxJob.findMany({ where: { enqueuedAt: null } })
    // The ticket's SLA jobs: one per clock, for its first step (the reminder at 50%).
    expect(pending.map((p) => p.jobId).sort()).toEqual([`sla-${ticket.id}-first-response-50`, `sla-${ticket.id}-resolution-50`])
    expect(pending.every((p) => p.queue === 'sla')).toBe(true)
    expect(pending[0]!.lastError).toBeTruthy()
    const firstStep = pending.find((p) => p.jobId.endsWith('first-response-50'))!

    await first.stop() // the process goes down with the job still only in the database

    const redisB = await startTestRedis()
    cleanup.push(() => redisB.stop())
    const second = await startTestDesk({ redisUrl: redisB.url, dataDir: first.dataDir, databaseUrl: first.databaseUrl })
    cleanup.push(() => second.stop())

    // The relay runs at start: the jobs reach Redis, the clock runs its steps, and the breach is recorded at the deadline.
    const event = await eventually(() =>
      second.desk.db.ticketEvent.findFirst({ where: { ticketId: ticket.id, dedupeKey: `sla-${ticket.id}-first-response-100` } }),
    )
    expect(event.type).toBe('sla.escalated')
    expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(ticket.firstResponseDueAt!.getTime() - 50)
    const row = await second.desk.db.outboxJob.findUniqueOrThrow({ where: { id: firstStep.id } })
    expect(row.enqueuedAt).not.toBeNull()
    expect((await second.app.request('/healthz')).status).toBe(200)
  })
})
