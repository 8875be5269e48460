import { afterAll, describe, expect, it } from 'vitest'
import { json, startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

describe('two desks on one machine (separate connections, as two processes have)', () => {
  it('start side by side on one SQLite file and one Redis, and serve the same tickets', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const a: TestDesk = await startTestDesk({ redisUrl: redis.url })
    cleanup.push(() => a.close())
    // The second finds nothing to migrate and the union already seeded: it needs no lock the first holds.
    const b = await startTestDesk({ redisUrl: redis.url, dataDir: a.dataDir, databaseUrl: a.databaseUrl, env: { RUN_WORKERS: 'false', QUEUE_PREFIX: a.desk.config.QUEUE_PREFIX } })
    cleanup.push(() => b.stop())
    expect(await b.desk.db.orgUnit.count()).toBe(await a.desk.db.orgUnit.count())

    const res = await b.app.request('/api/messages', json({ text: '老板拖欠工资两个月', clientMessageId: 'two-proc-0001' }))
    expect(res.status).toBe(201)
    const { ticketNumber, accessCode } = (await res.json()) as { ticketNumber: string; accessCode: string }
    const again = await a.app.request('/api/messages', json({ text: '老板拖欠工资两个月', clientMessageId: 'two-proc-0001' }))
    expect(((await again.json()) as { ticketNumber: string; duplicate: boolean })).toMatchObject({ ticketNumber, duplicate: true })
    expect((await a.app.request(`/api/tickets/${ticketNumber}?code=${accessCode}`)).status).toBe(200)
  })
})
