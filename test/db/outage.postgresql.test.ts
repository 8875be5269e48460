// PostgreSQL goes away while messages arrive (a failover, a restart, a full connection
// table): the desk answers 503 with Retry-After when it could store nothing, stores nothing
// half-way, and serves again once the server is back, on the same pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminQuery } from '../support/database.ts'
import { deskForThisFile, json } from '../support/desk.ts'

const t = deskForThisFile()
let database: string
beforeAll(() => {
  database = new URL(t.databaseUrl).pathname.slice(1)
})
afterAll(() => adminQuery(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`))

/** No new connection is let in, and the ones open are cut: what a failover looks like to a client. */
async function takeDown() {
  await adminQuery(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`)
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`)
}
const bringBack = () => adminQuery(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`)

describe('PostgreSQL unreachable while messages arrive', () => {
  it('answers 503 with Retry-After, keeps nothing half-written, and serves again when it is back', async () => {
    const before = await t.desk.db.ticket.count()
    await takeDown()
    try {
      const res = await t.app.request('/api/messages', json({ text: '老板拖欠工资三个月了', clientMessageId: 'outage-0001' }))
      expect(res.status).toBe(503)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await res.json()) as { error: string }).error).toBeTruthy()
      expect((await t.app.request('/healthz')).status).toBe(503)
    } finally {
      await bringBack()
    }
    // Back: the same request goes through once, with its timers in the same commit as its ticket.
    const again = await t.app.request('/api/messages', json({ text: '老板拖欠工资三个月了', clientMessageId: 'outage-0001' }))
    expect(again.status).toBe(201)
    const { ticketNumber } = (await again.json()) as { ticketNumber: string }
    expect(await t.desk.db.ticket.count()).toBe(before + 1)
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
    expect(await t.desk.db.outboxJob.count({ where: { queue: 'sla', jobId: { startsWith: `sla-${ticket.id}-` } } })).toBeGreaterThan(0)
  }, 90_000)
})
