import type { Logger } from 'pino'
import { newId } from '../lib/ids.ts'
import type { Db, Tx } from '../db/client.ts'
import { prepareInsert } from '../db/prepared.ts'
import type { Sql } from '../db/sql.ts'
import type { Dialect } from '../db/dialect.ts'
import { inTransaction } from '../db/transaction.ts'
import { Prisma, type OutboxJob } from '../generated/prisma/client.ts'
import { jobCatalog, type JobPayload, type QueueName } from './jobs.ts'
import { errorSummary } from '../lib/error-summary.ts'
import type { JobQueue } from './job-queue.ts'
import { markDelivered, type OutboxMarks } from './outbox-marks.ts'

/** A job decided inside a transaction, to be put on its queue once that transaction commits. */
export type StagedJob<Q extends QueueName = QueueName> = {
  queue: Q
  name: string
  jobId: string
  payload: JobPayload<Q>
  runAt: Date
}

/** Write a job into the outbox, in the caller's transaction (the ORM's, or the SQL layer's). */
export async function stageJob<Q extends QueueName>(tx: Tx | Sql, job: StagedJob<Q>): Promise<OutboxJob> {
  return (await stageJobs(tx, [job]))[0]!
}

/** Several jobs in one statement (a ticket's SLA timers). Plain SQL (db/sql.ts): nearly every write stages a job. */
export async function stageJobs(tx: Tx | Sql, jobs: StagedJob[]): Promise<OutboxJob[]> {
  if (jobs.length === 0) return []
  const rows = jobs.map(outboxRow)
  await insertJobs.run(tx, rows)
  return rows
}

/**
 * The outbox row of a job, its payload checked against the catalog. Written at the wall
 * clock's time, as the ORM's default does: the relay's grace is counted from it.
 */
function outboxRow(job: StagedJob): OutboxJob {
  const payload = jobCatalog[job.queue].payload.parse(job.payload)
  return { id: newId(), queue: job.queue, name: job.name, jobId: job.jobId, payload: JSON.stringify(payload), runAt: job.runAt, createdAt: new Date(), enqueuedAt: null, attempts: 0, lastError: null }
}

const insertJobs = prepareInsert('OutboxJob')

/** `outboxMarks`: the marks written together a moment later (outbox-marks.ts); without it, each flush marks its rows itself. */
type OutboxDeps = { db: Db | Tx; jobs: JobQueue; logger: Logger; now: () => Date; outboxMarks?: OutboxMarks }

/**
 * Put committed outbox rows on BullMQ: one bulk add per queue (a single round trip to
 * Redis), then one statement marks them delivered. A deterministic jobId makes a second add
 * a no-op, so the request that wrote a row and the relay may both flush it safely.
 * Returns how many rows reached Redis; the rest stay for the relay.
 */
export async function flushOutbox(deps: OutboxDeps, rows: OutboxJob[]): Promise<number> {
  if (rows.length === 0) return 0
  const byQueue = new Map<string, OutboxJob[]>()
  for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row])
  let delivered = 0
  for (const [name, group] of byQueue) {
    try {
      if (!(name in jobCatalog)) throw new Error(`unknown queue ${name}`)
      const now = deps.now().getTime()
      await deps.jobs.add(
        name as QueueName,
        group.map((row) => ({
          name: row.name,
          data: JSON.parse(row.payload) as object,
          // The same clock for timestamp and delay: the job is due exactly at runAt.
          opts: { jobId: row.jobId, timestamp: now, delay: Math.max(0, row.runAt.getTime() - now) },
        })),
      )
      // Plain SQL: this runs for every job, and the ORM's per-query cost would dominate it.
      if (deps.outboxMarks) deps.outboxMarks.add(group.map((r) => r.id))
      else await markDelivered(deps.db, group.map((r) => r.id), deps.now())
      delivered += group.length
    } catch (err) {
      deps.logger.warn({ err: errorSummary(err), queue: name, rows: group.length }, 'outbox jobs not enqueued yet; the relay will retry')
      await deps.db.$executeRaw`UPDATE "OutboxJob" SET "attempts" = "attempts" + 1, "lastError" = ${errorSummary(err)} WHERE "id" IN (${Prisma.join(group.map((r) => r.id))})`.catch(() => {})
      // Redis is likely down: stop here rather than fail the same way for every queue.
      break
    }
  }
  return delivered
}

/**
 * Who may relay now. PostgreSQL: every relay process, each taking rows the others have not
 * locked (`FOR UPDATE SKIP LOCKED`), so none is put on BullMQ twice at once. SQLite: the one
 * process holding the lease (see relay-lease.ts), since it has no row locks.
 */
export type RelayTurn = { dialect: Dialect; lease?: () => Promise<boolean> }

type RelayDeps = Omit<OutboxDeps, 'db'> & { db: Db; graceMs: number; batch?: number; turn?: RelayTurn; intakeRearmMs?: number }

/**
 * A message's safety-net row leaves the outbox only when the message is processed. One that
 * reached Redis long ago and is still here lost its job (Redis lost its data, or the job
 * was evicted): it is put back for the relay. Re-adding a job that still exists (waiting,
 * retrying, or failed for good and kept for inspection) changes nothing.
 */
export async function rearmStaleIntake(db: Db, olderThan: Date): Promise<number> {
  const where = { queue: 'intake', enqueuedAt: { lte: olderThan } }
  // Look before writing: this runs every pass, and on SQLite a write waits for the file's lock.
  if (!(await db.outboxJob.findFirst({ where, select: { id: true } }))) return 0
  const { count } = await db.outboxJob.updateMany({ where, data: { enqueuedAt: null } })
  return count
}

/** One relay pass: everything older than the grace period that never reached Redis. */
export async function relayOutbox(deps: RelayDeps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - deps.graceMs)
  const take = deps.batch ?? 500
  const skipLocked = deps.turn?.dialect.skipLocked
  if (!skipLocked && deps.turn?.lease && !(await deps.turn.lease())) return 0
  // This process's marks held for a moment (outbox-marks.ts) are written first: the rows they
  // name are on their queues, and re-adding a job the desk has since cancelled would revive it.
  await deps.outboxMarks?.flush()
  const rearmed = await rearmStaleIntake(deps.db, new Date(deps.now().getTime() - (deps.intakeRearmMs ?? 10 * 60_000)))
  if (rearmed) deps.logger.warn({ rearmed }, 'messages whose processing job was lost are handed to the intake queue again')
  const delivered = skipLocked
    ? await inTransaction(deps.db, async (tx) => {
        // The rows stay locked until this transaction has put them on BullMQ and marked them.
        const ids = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "OutboxJob" WHERE "enqueuedAt" IS NULL AND "createdAt" <= ${cutoff} ORDER BY "createdAt" LIMIT ${take} ${skipLocked}`
        if (ids.length === 0) return 0
        const rows = await tx.outboxJob.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { createdAt: 'asc' } })
        return flushOutbox({ ...deps, db: tx, outboxMarks: undefined }, rows)
      })
    : await flushOutbox({ ...deps, outboxMarks: undefined }, await deps.db.outboxJob.findMany({ where: { enqueuedAt: null, createdAt: { lte: cutoff } }, orderBy: { createdAt: 'asc' }, take }))
  if (delivered > 0) deps.logger.info({ delivered }, 'outbox relay re-enqueued jobs')
  return delivered
}

/** Delivered rows are kept a day for inspection, then pruned so the table stays small. */
export async function pruneOutbox(db: Db, olderThan: Date): Promise<number> {
  const where = { enqueuedAt: { lt: olderThan } }
  if (!(await db.outboxJob.findFirst({ where, select: { id: true } }))) return 0 // as above: no write when there is nothing to do
  const { count } = await db.outboxJob.deleteMany({ where })
  return count
}

/**
 * Runs the relay now (a restart delivers what the crash left behind at once) and then
 * every intervalMs. Returns a stop function that waits for a pass in progress.
 */
export function startOutboxRelay(deps: RelayDeps & { intervalMs: number }): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const pass = (graceMs: number) => {
    running = (async () => {
      try {
        await relayOutbox({ ...deps, graceMs })
        await pruneOutbox(deps.db, new Date(deps.now().getTime() - 24 * 3600_000))
      } catch (err) {
        deps.logger.error({ err: errorSummary(err) }, 'outbox relay pass failed')
      }
    })()
  }
  pass(0)
  const timer = setInterval(() => {
    if (!stopped) pass(deps.graceMs)
  }, deps.intervalMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    await running
  }
}
