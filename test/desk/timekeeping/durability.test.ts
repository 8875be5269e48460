import { UnrecoverableError, Worker } from 'bullmq'
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
import { workerConnection } from '../../../src/queue/queues.ts'
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
    // The clock's one job ran after the restart and caught up, in order, on every step that fell due meanwhile.
    expect(await jobs.outcome('sla', jobIds.sla(ticket.id, 'first-response-50'))).toBe('reminded')
    const recorded = await second.desk.db.ticketEvent.findMany({ where: { ticketId: ticket.id, dedupeKey: { startsWith: `sla-${ticket.id}-first-response` } } })
    const steps = recorded.map((e) => [(JSON.parse(e.data!) as { fraction: number }).fraction, e.type] as const).sort((a, b) => a[0] - b[0])
    expect(steps).toEqual([[0.5, 'sla.reminder'], [0.9, 'sla.reminder'], [1, 'sla.escalated'], [1.5, 'sla.escalated']])
    // The reconciler looks again and puts nothing back: the clock is done, each step recorded once, and no other job of it ran.
    expect(await reconcileTimers(second.desk)).toMatchObject({ created: 0, moved: 0, removed: 0 })
    expect(jobs.ends('sla', jobIds.sla(ticket.id, 'first-response-50'))).toHaveLength(1)
    for (const pct of [90, 100, 150]) expect(jobs.ends('sla', jobIds.sla(ticket.id, `first-response-${pct}`))).toHaveLength(0)
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
    const ofTicket = (id: string) => [...before.keys()].filter((k) => k.startsWith(`sla-${id}-`)).sort()
    // One job per running clock, for its next step.
    expect(ofTicket(openId!)).toEqual([`sla-${openId}-first-response-50`, `sla-${openId}-resolution-50`])
    expect(ofTicket(answeredId!)).toEqual([`sla-${answeredId}-resolution-50`]) // resolution only
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
    const moved = `sla-${openId}-resolution-50`
    await t.desk.queues.sla.remove(moved)
    await t.desk.queues.sla.add('resolution-50', { ticketId: openId, stage: 'resolution-50' }, { jobId: moved, delay: 60_000 })
    await sleep(5) // older than the pass
    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 0, moved: 1, removed: 1 })
    expect(await t.desk.queues.sla.getJob(`sla-${closedId}-resolution-50`)).toBeUndefined()
    const fixed = await t.desk.queues.sla.getJob(moved)
    expect(Math.abs(fixed!.timestamp + fixed!.delay - before.get(moved)!)).toBeLessThanOrEqual(50)
    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 0, moved: 0, removed: 0 })
    client.disconnect()
  })

  it('a clock whose next step failed for good is scheduled again: a failed job counts as missing', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    // No workers: the test takes the job itself, as a worker whose every attempt failed would leave it.
    const t = await startTestDesk({ redisUrl: redis.url, env: { QUEUE_PREFIX: 'failed', RUN_WORKERS: 'false' } })
    cleanup.push(() => t.close())
    await t.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 3600, resolutionSeconds: 7200, clockMode: 'calendar' } })
    const { ticketNumber } = await write(t, '厂里欠了我三个月工资', 'failed-worker')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber! } })
    const id = jobIds.sla(ticket.id, 'first-response-50')
    const due = (await t.desk.queues.sla.getJob(id))!
    const at = due.timestamp + due.delay
    await due.promote()
    const connection = workerConnection(redis.url)
    const taker = new Worker('sla', null, { connection, prefix: t.desk.config.QUEUE_PREFIX })
    cleanup.push(async () => (await taker.close(), connection.disconnect()))
    const job = (await taker.getNextJob('test-token'))!
    expect(job.id).toBe(id)
    // Failing for good, as the last of its attempts would.
    await job.moveToFailed(new UnrecoverableError('database unreachable'), 'test-token')
    expect(await t.desk.queues.sla.getJobState(id)).toBe('failed')

    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 1, moved: 0 })
    const again = (await t.desk.queues.sla.getJob(id))!
    expect(await again.getState()).toBe('delayed')
    expect(Math.abs(again.timestamp + again.delay - at)).toBeLessThanOrEqual(50)
    expect(await reconcileTimers(t.desk)).toMatchObject({ created: 0, moved: 0, removed: 0 })
  })
})
