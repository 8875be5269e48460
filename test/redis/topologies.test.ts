import { afterAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { jobIds } from '../../src/queue/jobs.ts'
import { json, startTestDesk, type TestDesk } from '../support/desk.ts'
import { watchJobs } from '../support/jobs.ts'
import { startSentinelGroup, startTestCluster } from '../support/redis-topologies.ts'

/**
 * The desk on the two highly-available shapes of Redis docs/operations.md describes, each a
 * real set of redis-servers: a Sentinel group (and a failover under it) and a Cluster with
 * a hash-tag prefix. What must work is everything that goes through Redis: the web's rate
 * limits, the queues, a delayed SLA timer firing in a worker.
 */
const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

async function deskOn(redisUrl: string, env: Record<string, string> = {}): Promise<TestDesk> {
  const t = await startTestDesk({ redisUrl, env })
  cleanup.push(() => t.close())
  await t.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 2, clockMode: 'calendar' } })
  return t
}

/** A WeChat message opens a ticket, and its first SLA reminder fires two seconds later in a worker. */
async function reminderFires(t: TestDesk, jobs: ReturnType<typeof watchJobs>, who: string) {
  const { ticketNumber } = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: who, externalMessageId: `${who}-1`, text: '老板拖欠我们两个月工资了', receivedAt: new Date() })
  const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber! } })
  expect(await jobs.outcome('sla', jobIds.sla(ticket.id, 'first-response-50'), 20_000)).toBe('reminded')
}

describe('Redis behind Sentinel', () => {
  it('finds the master through the sentinel, and keeps working after the master dies and the replica takes over', { timeout: 90_000 }, async () => {
    const group = await startSentinelGroup()
    cleanup.push(() => group.stop())
    const t = await deskOn(group.url)
    const jobs = watchJobs(() => t)
    cleanup.push(() => jobs.close())
    const before = await group.master()

    expect((await t.app.request('/api/messages', json({ text: '工资拖欠三个月', clientMessageId: 'sentinel-web-1' }))).status).toBe(201)
    await reminderFires(t, jobs, 'oSentinelWorker0000000000001')

    await group.killMaster()
    expect(await group.master()).not.toBe(before)
    // The clients ask the sentinel for the new master by themselves; nothing is restarted.
    await reminderFires(t, jobs, 'oSentinelWorker0000000000002')
    expect((await t.app.request('/api/messages', json({ text: '工资又拖欠了', clientMessageId: 'sentinel-web-2' }))).status).toBe(201)
  })
})

describe('Redis Cluster', () => {
  it('runs the queues, timers and rate limits with a hash-tag prefix', { timeout: 60_000 }, async () => {
    const cluster = await startTestCluster()
    cleanup.push(() => cluster.stop())
    const t = await deskOn(cluster.url, { QUEUE_PREFIX: '{njc}' })
    const jobs = watchJobs(() => t)
    cleanup.push(() => jobs.close())

    expect((await t.app.request('/api/messages', json({ text: '工资拖欠三个月', clientMessageId: 'cluster-web-1' }))).status).toBe(201)
    await reminderFires(t, jobs, 'oClusterWorker00000000000001')
    expect((await t.app.request('/healthz')).status).toBe(200)
  })
})
