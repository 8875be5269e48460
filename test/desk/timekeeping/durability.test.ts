import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { planCallbacks } from '../../../src/desk/care/index.ts'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { reconcileTimers } from '../../../src/desk/timekeeping/index.ts'
import { reconcileAll } from '../../../src/desk/timekeeping/index.ts'
import { askWorker, closeTicket } from '../../../src/desk/tickets/index.ts'
import { replyToTicket } from '../../../src/desk/tickets/index.ts'
import { halfYearStart, nextQuarterStart } from '../../../src/lib/time/index.ts'
import { jobIds } from '../../../src/queue/jobs.ts'
import { startTestDesk, type TestDesk } from '../../support/desk.ts'
import { watchJobs } from '../../support/jobs.ts'
import { startTestRedis } from '../../support/redis.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const write = (t: TestDesk, text: string, user: string) =>
  acceptMessage(t.desk, { channel: 'web', externalUserId: user, externalMessageId: `${user}-${Date.now()}`, text, receivedAt: new Date() })

/** Every pending alarm: job id → when it is due (ms). */
async function pendingTimers(t: TestDesk): Promise<Map<string, number>> {
  const jobs = [...(await t.desk.queues.sla.getDelayed()), ...(await t.desk.queues.callbacks.getDelayed())]
  return new Map(jobs.map((j) => [j.id!, j.timestamp + j.delay]))
}

describe('timers survive restarts and lost Redis data', () => {
  it('fires once when the service restarts between scheduling and firing', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const env = { QUEUE_PREFIX: 'restart' }
    // The first process schedules but runs no workers: however long it takes to stop on a busy
    // machine, no timer can fire before the restart.
    const first = await startTestDesk({ redisUrl: redis.url, env: { ...env, RUN_WORKERS: 'false' } })
    cleanup.push(() => first.close())
    await first.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 2, clockMode: 'calendar' } })
    const { ticketNumber } = await write(first, '工资拖了两个月没发', 'restart-worker')
    const ticket = await first.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber! } })
    await first.stop()

    await sleep(3500) // every first-response step falls due while no process runs
    const second = await startTestDesk({ redisUrl: redis.url, env, dataDir: first.dataDir, databaseUrl: first.databaseUrl })
    cleanup.push(() => second.stop())
    const jobs = watchJobs(() => second)
    cleanup.push(() => jobs.close())
    // Each timer ran after the restart and acted.
    const outcomes = { 50: 'reminded', 90: 'reminded', 100: 'escalated', 150: 'escalated' }
    for (const [pct, outcome] of Object.entries(outcomes)) expect(await jobs.outcome('sla', jobIds.sla(ticket.id, `first-response-${pct}`))).toBe(outcome)
    // The reconciler looks again and puts nothing back: each timer ran once, and one of each is recorded.
    expect(await reconcileTimers(second.desk)).toMatchObject({ created: 0, moved: 0, removed: 0 })
    for (const pct of Object.keys(outcomes)) expect(jobs.ends('sla', jobIds.sla(ticket.id, `first-response-${pct}`))).toHaveLength(1)
    const recorded = await second.desk.db.ticketEvent.findMany({ where: { ticketId: ticket.id, dedupeKey: { startsWith: `sla-${ticket.id}-first-response` } } })
    expect(recorded.map((e) => e.dedupeKey).sort()).toEqual(['100', '150', '50', '90'].map((p) => `sla-${ticket.id}-first-response-${p}`))
    expect(recorded.every((e) => e.createdAt.getTime() >= ticket.createdAt.getTime() + 3500)).toBe(true)
  })

  it('after FLUSHALL the reconciler restores every pending timer at its instant, and removes stale ones', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const t = await startTestDesk({ redisUrl: redis.url })
    cleanup.push(() => t.close())
    // Long budgets: nothing fires during the test.
    await t.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 3600, resolutionSeconds: 7200, clockMode: 'calendar' } })

    const open = await write(t, '厂里欠了我三个月工资', 'flush-a')
    const answered = await write(t, '公司不给交社保怎么办', 'flush-b')
    await replyToTicket(t.desk, { number: answered.ticketNumber!, text: '您好，我们先了解一下情况。', actor: 'test' })
    const waiting = await write(t, '被辞退了没有补偿', 'flush-c')
    await askWorker(t.desk, { number: waiting.ticketNumber!, text: '请问您在公司干了几年？', actor: 'test' })
    const closed = await write(t, '想咨询一下加班费', 'flush-d')
    await closeTicket(t.desk, { number: closed.ticketNumber!, actor: 'test' })
    // Next quarter's callbacks, so their alarms are all still pending.
    const planned = await planCallbacks(t.desk, nextQuarterStart(new Date()))
    // The demo archive's four households get a quarterly callback; when that quarter opens a
    // half year (January or July), the two general cases get a home visit too.
    const next = nextQuarterStart(new Date())
    const tasks = halfYearStart(next).getTime() === next.getTime() ? 6 : 4
    expect(planned.created).toBe(tasks)

    const before = await pendingTimers(t)
    const ids = async (n: string | null) => (await t.desk.db.ticket.findUniqueOrThrow({ where: { number: n! } })).id
    const [openId, answeredId, waitingId, closedId] = await Promise.all([open, answered, waiting, closed].map((r) => ids(r.ticketNumber)))
    const ofTicket = (id: string) => [...before.keys()].filter((k) => k.startsWith(`sla-${id}-`))
    expect(ofTicket(openId!)).toHaveLength(8)
    expect(ofTicket(answeredId!)).toHaveLength(4) // resolution only
    expect(ofTicket(waitingId!)).toHaveLength(0) // paused
    expect(ofTicket(closedId!)).toHaveLength(0)
    expect([...before.keys()].filter((k) => k.startsWith('cb-'))).toHaveLength(2 * (tasks + 1)) // and the satisfaction callback; due and overdue each
    expect((await t.desk.queues.schedules.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['plan-callbacks', 'reconcile-timers'])

    const client = new Redis(redis.url)
    await client.flushall()
    expect((await pendingTimers(t)).size).toBe(0)
    expect(await t.desk.queues.schedules.getJobSchedulers()).toHaveLength(0)

    await reconcileAll(t.desk)
    const after = await pendingTimers(t)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    for (const [id, due] of before) expect(Math.abs(after.get(id)! - due)).toBeLessThanOrEqual(50)
    expect((await t.desk.queues.schedules.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['plan-callbacks', 'reconcile-timers'])

    // A second pass finds nothing to do; a stale alarm (a closed ticket's) and a moved one are repaired.
    await t.desk.queues.sla.add('resolution-50', { ticketId: closedId, stage: 'resolution-50' }, { jobId: `sla-${closedId}-resolution-50`, delay: 3_600_000 })
    const moved = `sla-${openId}-resolution-90`
    await t.desk.queues.sla.remove(moved)
    await t.desk.queues.sla.add('resolution-90', { ticketId: openId, stage: 'resolution-90' }, { jobId: moved, delay: 60_000 })
    await sleep(5) // older than the pass
    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 0, moved: 1, removed: 1 })
    expect(await t.desk.queues.sla.getJob(`sla-${closedId}-resolution-50`)).toBeUndefined()
    const fixed = await t.desk.queues.sla.getJob(moved)
    expect(Math.abs(fixed!.timestamp + fixed!.delay - before.get(moved)!)).toBeLessThanOrEqual(50)
    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 0, moved: 0, removed: 0 })
    client.disconnect()
  })
})
