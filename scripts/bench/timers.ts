/**
 * Timers: what the SLA jobs of open tickets cost in Redis (before, one job per step; now,
 * one per running clock), how fast the desk schedules them, and how late 1,000 timers that
 * fall due in the same second are handled.
 *
 * Everything runs through the real pieces: the sla queue with the catalog's job options
 * and deterministic ids, the outbox flush that intake and the cadre actions use, and the
 * real sla worker (its concurrency, batching, payload check and processor, which re-reads
 * the tickets in SQLite, records the reminders and stages each clock's next step). The
 * ceilings, measured in the same run: for memory, bare Redis doing the minimum a delayed
 * job needs (one hash and one sorted-set entry); for the burst, bare BullMQ with a
 * processor that does nothing.
 *
 * Alone: `npx tsx scripts/bench/timers.ts` prints the markdown.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Queue, QueueEvents, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { loadConfig } from '../../src/config.ts'
import { createPrisma, tuneDatabase } from '../../src/db/client.ts'
import { migrateDatabase } from '../../src/db/migrate.ts'
import { inTransaction } from '../../src/db/transaction.ts'
import { demoUnion, seedDemo } from '../../src/db/seed-demo.ts'
import { applyTimerChanges, reconcileTimers, refreshSlaTimers, stageName } from '../../src/desk/timekeeping/index.ts'
import { createLogger } from '../../src/log.ts'
import { nodeDesk } from '../../src/node/start.ts'
import { jobCatalog, jobIds } from '../../src/queue/jobs.ts'
import { createQueues, producerConnection, waitUntilReady, workerConnection } from '../../src/queue/queues.ts'
import { startEmbeddedRedis } from '../../src/redis/embedded.ts'
import { startWorkers } from '../../workers/index.ts'
import { slaWorker } from '../../workers/sla.ts'

type Section = { title: string; markdown: string; figures: Record<string, number> }

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1])
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const f = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

export async function benchTimers(opts: { redisUrl: string; count?: number; burst?: number }): Promise<Section> {
  const count = opts.count ?? 100_000
  const burst = opts.burst ?? 1_000
  const prefix = `bench${Date.now().toString(36)}`
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-timers-'))
  const databaseUrl = `file:${path.join(dir, 'niangjia.db')}`
  await migrateDatabase(databaseUrl)
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', ADMIN_TOKEN: 'bench-admin-token-0123456789', DATA_ENCRYPTION_KEY: 'b'.repeat(64) })
  const logger = createLogger({ level: 'silent' })
  const db = createPrisma(databaseUrl)
  await tuneDatabase(db, databaseUrl)
  await seedDemo(db)
  const producer = producerConnection(opts.redisUrl)
  await waitUntilReady(producer)
  const queues = createQueues(producer, prefix)
  const desk = nodeDesk(config, { db, queues, logger, dataEncryptionKey: config.DATA_ENCRYPTION_KEY! })
  const inspect = new Redis(opts.redisUrl)
  const figures: Record<string, number> = {}
  try {
    // 1. The ceiling: the bare minimum a delayed job is (a hash of its fields and a sorted-set entry).
    const far = Date.now() + 30 * 86_400_000
    const payload = (i: number) => JSON.stringify({ ticketId: `c${String(i).padStart(24, '0')}`, stage: 'resolution-90' })
    let before = await usedMemory(inspect)
    let started = performance.now()
    for (let i = 0; i < count; i += 1000) {
      const pipe = inspect.pipeline()
      for (let j = i; j < Math.min(count, i + 1000); j++) {
        pipe.hset(`${prefix}raw:${j}`, 'name', 'resolution-90', 'data', payload(j), 'timestamp', String(Date.now()), 'delay', '2592000000')
        pipe.zadd(`${prefix}raw:delayed`, String(far), String(j))
      }
      await pipe.exec()
    }
    figures.raw_per_s = count / ((performance.now() - started) / 1000)
    figures.raw_bytes_per_timer = ((await usedMemory(inspect)) - before) / count
    const rawKeys = await inspect.keys(`${prefix}raw:*`)
    for (let i = 0; i < rawKeys.length; i += 1000) await inspect.del(...rawKeys.slice(i, i + 1000))

    // 2. BullMQ alone: the same delayed jobs with the catalog's options and ids, no database.
    before = await usedMemory(inspect)
    started = performance.now()
    for (let i = 0; i < count; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, k) => {
          const ticketId = `b${String(i + k).padStart(24, '0')}`
          const stage = stageName('resolution', 0.9)
          return queues.sla.add(stage, { ticketId, stage }, { jobId: jobIds.sla(ticketId, stage), delay: far - Date.now() })
        }),
      )
    }
    figures.bullmq_per_s = count / ((performance.now() - started) / 1000)
    figures.bullmq_bytes_per_timer = ((await usedMemory(inspect)) - before) / count
    await queues.sla.obliterate({ force: true })

    // 3. Per open ticket, before and after: the layout of the previous version (a job for each
    // of the 8 steps: two clocks × 50 %, 90 %, 100 %, 150 %, added as the outbox flush adds
    // them) against the desk's own scheduling now (refreshSlaTimers in a transaction: plan,
    // deadlines, outbox rows; then applyTimerChanges: the flush), one job per clock.
    const unit = await db.orgUnit.findUniqueOrThrow({ where: { code: demoUnion.units.nanshan.code } })
    const cadre = await db.cadre.findFirstOrThrow({ where: { unitId: unit.id, role: 'cadre' } })
    const worker = await db.worker.create({ data: {} })
    await db.slaPolicy.update({
      where: { category_urgent: { category: 'legal_aid', urgent: false } },
      data: { clockMode: 'calendar', firstResponseSeconds: 30 * 86_400, resolutionSeconds: 60 * 86_400 },
    })
    const ticketCount = Math.ceil(count / 8)
    const openedAt = new Date()
    for (let i = 0; i < ticketCount; i += 1000) {
      await db.ticket.createMany({
        data: Array.from({ length: Math.min(1000, ticketCount - i) }, (_, k) => ({
          number: `NJ-PEND-${String(i + k).padStart(6, '0')}`, workerId: worker.id, channel: 'web', category: 'legal_aid', confidence: 1,
          classifiedBy: 'bench', unitId: unit.id, assigneeId: cadre.id, createdAt: openedAt,
        })),
      })
    }
    const pendingIds = (await db.ticket.findMany({ where: { number: { startsWith: 'NJ-PEND-' } }, select: { id: true } })).map((t) => t.id)
    const oldStages = ['first-response', 'resolution'].flatMap((clock) => [0.5, 0.9, 1, 1.5].map((fr) => stageName(clock as 'resolution', fr)))
    before = await usedMemory(inspect)
    for (let i = 0; i < pendingIds.length; i += 1000) {
      const now = Date.now()
      await desk.jobs.add('sla', pendingIds.slice(i, i + 1000).flatMap((ticketId) =>
        oldStages.map((stage) => ({ name: stage, data: { ticketId, stage }, opts: { jobId: jobIds.sla(ticketId, stage), timestamp: now, delay: far - now } })),
      ))
    }
    figures.old_jobs = await queues.sla.getDelayedCount()
    figures.old_bytes_per_ticket = ((await usedMemory(inspect)) - before) / pendingIds.length
    await queues.sla.obliterate({ force: true })

    before = await usedMemory(inspect)
    started = performance.now()
    for (const id of pendingIds) {
      const changes = await inTransaction(db, (tx) => refreshSlaTimers(tx, desk, id))
      await applyTimerChanges(desk, { cancel: [], staged: changes.staged })
    }
    const scheduled = await queues.sla.getDelayedCount()
    figures.desk_tickets_per_s = pendingIds.length / ((performance.now() - started) / 1000)
    figures.desk_bytes_per_ticket = ((await usedMemory(inspect)) - before) / pendingIds.length
    figures.pending = scheduled
    figures.tickets = pendingIds.length

    // 4. A burst: `burst` real tickets whose 50 % reminder falls due in the same second,
    // handled by the real sla worker while the pending jobs above sit in the same queue.
    // Lag: when each job completed (its transaction committed and its clock's next step was
    // put on the queue) minus when it was due, as seen by one QueueEvents listener. The
    // ceiling: bare BullMQ, the same number of delayed jobs due at the same instant on a
    // queue of their own, a worker of the same concurrency whose processor does nothing.
    const policy = await db.slaPolicy.findUniqueOrThrow({ where: { category_urgent: { category: 'wage_arrears', urgent: false } } })
    const burstOpenedAt = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000)
    const dueAt = new Date(burstOpenedAt.getTime() + 4000)
    await db.slaPolicy.update({ where: { id: policy.id }, data: { clockMode: 'calendar', firstResponseSeconds: 8 } })
    await db.ticket.createMany({
      data: Array.from({ length: burst }, (_, i) => ({
        number: `NJ-BENCH-${String(i).padStart(5, '0')}`, workerId: worker.id, channel: 'web', category: 'wage_arrears', confidence: 1,
        classifiedBy: 'bench', unitId: unit.id, assigneeId: cadre.id, createdAt: burstOpenedAt, firstResponseDueAt: new Date(burstOpenedAt.getTime() + 8000),
      })),
    })
    const tickets = await db.ticket.findMany({ where: { number: { startsWith: 'NJ-BENCH-' } }, select: { id: true } })
    const stage = stageName('first-response', 0.5)
    const burstIds = new Set(tickets.map((t) => jobIds.sla(t.id, stage)))
    const now = Date.now()
    await desk.jobs.add('sla', tickets.map((t) => ({ name: stage, data: { ticketId: t.id, stage }, opts: { jobId: jobIds.sla(t.id, stage), timestamp: now, delay: dueAt.getTime() - now } })))
    const workers = startWorkers(desk, opts.redisUrl, ['sla'])
    const lags = await completionLags(opts.redisUrl, 'sla', prefix, burstIds, dueAt.getTime())
    await workers.close(5000)
    // The previous version's measure, beside it: when each reminder was recorded (the batch's clock reading) minus when it was due.
    const recordedAt = await db.ticketEvent.findMany({ where: { type: 'sla.reminder', dedupeKey: { endsWith: `-${stage}` }, ticket: { number: { startsWith: 'NJ-BENCH-' } } }, select: { createdAt: true } })
    const recordLags = recordedAt.map((e) => e.createdAt.getTime() - dueAt.getTime()).sort((a, b) => a - b)
    figures.recorded = recordedAt.length
    figures.recorded_p50_ms = quantile(recordLags, 0.5)
    figures.recorded_p99_ms = quantile(recordLags, 0.99)
    figures.recorded_max_ms = recordLags.at(-1)!
    const ceilingLags = await bareBurst(opts.redisUrl, prefix, burst, slaWorker.concurrency)

    // 5. Recovery: the queue's data is lost (as after FLUSHALL); the reconciler re-creates every pending timer.
    await queues.sla.obliterate({ force: true })
    started = performance.now()
    const repaired = await reconcileTimers(desk)
    figures.recover_s = (performance.now() - started) / 1000
    figures.recovered = repaired.created

    figures.burst = burst
    figures.lag_p50_ms = quantile(lags, 0.5)
    figures.lag_p99_ms = quantile(lags, 0.99)
    figures.lag_max_ms = lags.at(-1)!
    figures.ceiling_p50_ms = quantile(ceilingLags, 0.5)
    figures.ceiling_p99_ms = quantile(ceilingLags, 0.99)
    figures.ceiling_max_ms = ceilingLags.at(-1)!

    const ratio = (desk: number, ceiling: number) => `${f(desk / Math.max(1, ceiling), 1)}×`
    const markdown = [
      `Per open ticket: the Redis memory its SLA jobs hold, for ${f(figures.tickets)} open tickets whose every step is weeks away. Before: the previous version's layout, a delayed job for each of the 8 steps (two clocks × 50 %, 90 %, 100 %, 150 %), added with the catalog's options and ids as the outbox flush adds them. After: the desk's own scheduling function (for each ticket one transaction that plans its two clocks, stores the deadlines and writes the outbox rows, then the flush), which now keeps one job per running clock, for its next step. For comparison, bare BullMQ delayed jobs, and the ceiling: bare Redis, pipelined, storing the least a delayed job is (a hash and a sorted-set entry).`,
      '',
      '| | rate | jobs per open ticket | bytes per open ticket |',
      '|---|---:|---:|---:|',
      `| bare Redis hash + sorted set (ceiling), per timer | ${f(figures.raw_per_s)} timers/s | 1 | ${f(figures.raw_bytes_per_timer)} |`,
      `| BullMQ delayed job alone (catalog options, deterministic id, 100 in flight), per timer | ${f(figures.bullmq_per_s)} timers/s | 1 | ${f(figures.bullmq_bytes_per_timer)} |`,
      `| before: a job per step | | ${f(figures.old_jobs / figures.tickets, 1)} | ${f(figures.old_bytes_per_ticket)} |`,
      `| after: a job per clock, through the desk (plan, outbox rows in SQLite, flush) | ${f(figures.desk_tickets_per_s)} tickets/s | ${f(figures.pending / figures.tickets, 1)} | ${f(figures.desk_bytes_per_ticket)} |`,
      '',
      `So 100,000 open tickets hold about ${f((figures.desk_bytes_per_ticket * 100_000) / 2 ** 20, 0)} MiB of Redis memory, where the job-per-step layout held ${f((figures.old_bytes_per_ticket * 100_000) / 2 ** 20, 0)} MiB. Scheduling speed is bounded by SQLite (one transaction per ticket, then the rows marked enqueued).`,
      '',
      `Firing: ${f(burst)} tickets whose 50 % first-response reminder falls due in the same second, with the ${f(figures.pending)} jobs above still pending, handled by the real sla worker (concurrency ${slaWorker.concurrency}): the jobs that are in hand while a transaction runs go together in the next one, which reads their tickets, pauses, policies and recorded steps in a query each, records each reminder on the timeline and in the cadre's inbox, and stages each clock's next step; one flush then puts those on the queue. Lag is when a job completed (committed, its successor enqueued) minus when it was due, as one QueueEvents listener saw it; the ceiling is bare BullMQ in the same run: ${f(burst)} delayed jobs due at one instant, a worker of the same concurrency whose processor does nothing. ${f(figures.recorded)} reminders were recorded. The previous version, one short transaction per job at concurrency 20, measured p50 1,764 ms and p99 3,143 ms when recorded, in an earlier run with no ceiling beside it.`,
      '',
      '| due together | lag p50 | lag p99 | last one |',
      '|---|---:|---:|---:|',
      `| bare BullMQ, no-op processor (ceiling) | ${f(figures.ceiling_p50_ms)} ms | ${f(figures.ceiling_p99_ms)} ms | ${f(figures.ceiling_max_ms)} ms |`,
      `| Niangjia, batched | ${f(figures.lag_p50_ms)} ms | ${f(figures.lag_p99_ms)} ms | ${f(figures.lag_max_ms)} ms |`,
      `| Niangjia, batched, when each reminder was recorded (the previous version's measure) | ${f(figures.recorded_p50_ms)} ms | ${f(figures.recorded_p99_ms)} ms | ${f(figures.recorded_max_ms)} ms |`,
      `| ratio to the ceiling (completed) | ${ratio(figures.lag_p50_ms, figures.ceiling_p50_ms)} | ${ratio(figures.lag_p99_ms, figures.ceiling_p99_ms)} | ${ratio(figures.lag_max_ms, figures.ceiling_max_ms)} |`,
      '',
      `Recovery: with the queue's data gone (as after a FLUSHALL), one reconciler pass re-created ${f(figures.recovered)} jobs at their instants in ${f(figures.recover_s, 1)} s.`,
    ].join('\n')
    return { title: `Timers: ${f(Math.ceil(count / 8))} open tickets, ${f(burst)} due at once`, markdown, figures }
  } finally {
    await queues.sla.obliterate({ force: true }).catch(() => {})
    inspect.disconnect()
    await queues.close()
    producer.disconnect()
    await db.$disconnect()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** When each of `ids` completed, minus `dueAt`, sorted; resolves once all have. */
async function completionLags(redisUrl: string, queue: string, prefix: string, ids: ReadonlySet<string>, dueAt: number): Promise<number[]> {
  const connection = workerConnection(redisUrl)
  const events = new QueueEvents(queue, { connection, prefix, lastEventId: '0-0' })
  const lags: number[] = []
  try {
    await new Promise<void>((resolve) => {
      const seen = new Set<string>()
      events.on('completed', ({ jobId }) => {
        if (!ids.has(jobId) || seen.has(jobId)) return
        seen.add(jobId)
        lags.push(Date.now() - dueAt)
        if (seen.size === ids.size) resolve()
      })
    })
  } finally {
    await events.close()
    connection.disconnect()
  }
  return lags.sort((a, b) => a - b)
}

/** The ceiling of a burst: bare BullMQ delivering `count` jobs due at one instant to a worker that does nothing. */
async function bareBurst(redisUrl: string, prefix: string, count: number, concurrency: number): Promise<number[]> {
  const name = 'ceiling'
  const producer = new Redis(redisUrl)
  const queue = new Queue(name, { connection: producer, prefix })
  const dueAt = Math.ceil((Date.now() + 2000) / 1000) * 1000
  const ids = new Set(Array.from({ length: count }, (_, i) => `ceiling-${i}`))
  const now = Date.now()
  await queue.addBulk([...ids].map((jobId) => ({ name, data: { ticketId: jobId, stage: 'first-response-50' }, opts: { ...jobCatalog.sla.options, jobId, timestamp: now, delay: dueAt - now } })))
  const lagsDone = completionLags(redisUrl, name, prefix, ids, dueAt)
  const connection = workerConnection(redisUrl)
  const worker = new Worker(name, async () => 'done', { connection, prefix, concurrency })
  try {
    return await lagsDone
  } finally {
    await worker.close()
    connection.disconnect()
    await queue.obliterate({ force: true })
    await queue.close()
    producer.disconnect()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-redis-'))
  const redis = await startEmbeddedRedis({ dir, durable: false })
  try {
    const section = await benchTimers({ redisUrl: redis.url, count: Number(process.env.BENCH_TIMERS ?? 100_000) })
    console.log(`## ${section.title}\n\n${section.markdown}`)
  } finally {
    await redis.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
