import type { Job, Queue } from 'bullmq'
import type { StagedJob } from '../../queue/outbox.ts'
import type { WorkerDesk } from '../desk.ts'
import { reconcileDeliveries } from '../messaging/index.ts'
import { reconcilePostings } from '../postings/index.ts'
import { openStatuses } from '../vocabulary.ts'
import { callbackTimerJobs, callbackTimerRefs } from './callback-timers.ts'
import { planSlaTimers, slaSettingsOf } from './plan.ts'
import { fallbackPolicy } from './policy.ts'
import { slaTimerJobs } from './timers.ts'

/**
 * The database is the truth about what is due; Redis only holds alarms. The reconciler
 * compares the two, on start and then periodically (the reconcile-timers scheduler):
 * an alarm the database wants but Redis lacks (Redis lost its data, an enqueue failed, a
 * job failed for good) is created; one at the wrong time is moved; one no state
 * wants any more (a closed ticket, a finished callback) is removed.
 *
 * It works in batches, and re-reads a batch's state just before repairing it, so a cadre
 * answering while the pass runs does not get a cancelled reminder put back.
 *
 * Sends are in the same pass: a delivery the database still has to send whose job Redis
 * lost gets a job again (`requeued`; the rules are messaging's reconcileDeliveries).
 */
export type ReconcileReport = { expected: number; created: number; moved: number; removed: number; requeued: number }

/** A timer the database wants, with the BullMQ queue it belongs on: the same shape the outbox stages. */
type Want = StagedJob<'sla' | 'callbacks'> & { on: Queue }
const wantOf = (desk: WorkerDesk, job: StagedJob<'sla'> | StagedJob<'callbacks'>): Want => ({ ...job, on: desk.queues[job.queue] })

/** Timers within this much of where they should be are left alone. */
const SLACK_MS = 1000
const BATCH = 500

export async function reconcileTimers(desk: WorkerDesk): Promise<ReconcileReport> {
  const startedAt = Date.now()
  const report: ReconcileReport = { expected: 0, created: 0, moved: 0, removed: 0, requeued: 0 }
  const expected = new Set<string>()

  const repair = async (wants: Want[], replan: () => Promise<Want[]>) => {
    for (const want of wants) expected.add(want.jobId)
    report.expected += wants.length
    // A batch's lookups go out together: one connection carries them back to back.
    const states = await Promise.all(wants.map(jobState))
    const missing = wants.filter((_, i) => states[i] !== 'ok')
    if (missing.length === 0) return
    const fresh = new Map((await replan()).map((w) => [w.jobId, w]))
    const outcomes = await Promise.all(
      missing.map(async ({ jobId }) => {
        const want = fresh.get(jobId)
        // The state moved on while we looked, or whoever moved it also rescheduled the alarm.
        if (!want || (await jobState(want)) === 'ok') return 'ok'
        return putJob(desk, want)
      }),
    )
    report.created += outcomes.filter((o) => o === 'created').length
    report.moved += outcomes.filter((o) => o === 'moved').length
  }

  const slaCtx = await slaContext(desk)
  for (let cursor: string | undefined; ; ) {
    const ids = (
      await desk.db.ticket.findMany({ where: { status: { in: openStatuses } }, select: { id: true }, orderBy: { id: 'asc' }, take: BATCH, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) })
    ).map((t) => t.id)
    if (ids.length === 0) break
    cursor = ids.at(-1)
    const load = () => slaWants(desk, slaCtx, ids)
    await repair(await load(), load)
    if (ids.length < BATCH) break
  }
  for (let cursor: string | undefined; ; ) {
    const ids = (
      await desk.db.callbackTask.findMany({ where: { status: 'pending' }, select: { id: true }, orderBy: { id: 'asc' }, take: BATCH, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) })
    ).map((t) => t.id)
    if (ids.length === 0) break
    cursor = ids.at(-1)
    const load = () => callbackWants(desk, ids)
    await repair(await load(), load)
    if (ids.length < BATCH) break
  }

  // Only delayed alarms are candidates for removal, and only those older than this pass:
  // a ticket opened while the pass ran has timers the pass never saw.
  for (const queue of [desk.queues.sla, desk.queues.callbacks]) {
    const stale: Job[] = []
    for (let start = 0; ; start += 1000) {
      const page = await queue.getDelayed(start, start + 999)
      stale.push(...page.filter((job) => job.id && !expected.has(job.id) && job.timestamp < startedAt))
      if (page.length < 1000) break
    }
    for (let i = 0; i < stale.length; i += BATCH) report.removed += await removeIfStillStale(desk, slaCtx, stale.slice(i, i + BATCH))
  }
  report.requeued = (await reconcileDeliveries(desk)).requeued
  report.requeued += (await reconcilePostings(desk)).requeued
  if (report.created || report.moved || report.removed || report.requeued) desk.logger.info(report, 'reconciler repaired timers')
  return report
}

/**
 * ok: in Redis at the right time, running, or waiting to run. A job that failed for good is
 * missing: its step is still undone, and while the failed job holds the id nothing else can
 * be scheduled under it, so the clock would stop there (putJob replaces it; the failure is
 * logged first, since the failed set is where people look). A job that waits in place
 * (it fired before its step was due, workers/sla.ts) keeps its first timestamp while its
 * delay counts from the move, so it reads as wrong and is put again at the same instant.
 */
async function jobState(want: Want): Promise<'ok' | 'missing' | 'wrong'> {
  const job = await want.on.getJob(want.jobId)
  if (!job) return 'missing'
  const state = await job.getState()
  if (state === 'delayed') return Math.abs(job.timestamp + job.delay - want.runAt.getTime()) <= SLACK_MS ? 'ok' : 'wrong'
  if (state === 'failed') return 'missing'
  return state === 'completed' ? 'wrong' : 'ok'
}

async function putJob(desk: Pick<WorkerDesk, 'now' | 'logger'>, want: Want): Promise<'created' | 'moved'> {
  const job = await want.on.getJob(want.jobId)
  const failed = job && (await job.isFailed())
  if (failed) desk.logger.warn({ jobId: want.jobId, attempts: job.attemptsMade, reason: job.failedReason }, 'a timer that failed for good is scheduled again')
  if (job) await job.remove().catch(() => {})
  // The same clock for timestamp and delay, as the outbox does: the job is due exactly at runAt.
  const now = desk.now().getTime()
  await want.on.add(want.name, want.payload, { jobId: want.jobId, timestamp: now, delay: Math.max(0, want.runAt.getTime() - now) })
  return job && !failed ? 'moved' : 'created'
}

async function slaContext(desk: WorkerDesk) {
  const policies = new Map((await desk.db.slaPolicy.findMany()).map((p) => [`${p.category}/${p.urgent}`, p]))
  return { policies, calendar: desk.calendar, settings: slaSettingsOf(desk.config) }
}

/** The SLA jobs these tickets should have in Redis: each running clock's next step, with a time and its work not yet recorded. */
async function slaWants(desk: WorkerDesk, ctx: Awaited<ReturnType<typeof slaContext>>, ids: string[]): Promise<Want[]> {
  const tickets = await desk.db.ticket.findMany({ where: { id: { in: ids }, status: { in: openStatuses } }, include: { pauses: true } })
  const done = new Set(
    (await desk.db.ticketEvent.findMany({ where: { ticketId: { in: ids }, dedupeKey: { startsWith: 'sla-' } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey),
  )
  return tickets.flatMap((ticket) => {
    const policy = ctx.policies.get(`${ticket.category}/${ticket.urgent}`) ?? fallbackPolicy(ticket.urgent)
    return slaTimerJobs(ticket.id, planSlaTimers(ticket, policy, ticket.pauses, ctx.calendar, ctx.settings), done).map((j) => wantOf(desk, j))
  })
}

/** The due and overdue alarms of these tasks' current attempts that have not told anyone yet. */
async function callbackWants(desk: WorkerDesk, ids: string[]): Promise<Want[]> {
  const tasks = await desk.db.callbackTask.findMany({ where: { id: { in: ids }, status: 'pending' } })
  const keys = tasks.flatMap((t) => callbackTimerRefs(t).map((r) => r.jobId))
  const done = new Set((await desk.db.cadreNotice.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((n) => n.dedupeKey))
  return tasks.flatMap((task) => callbackTimerJobs(desk, task, done).map((j) => wantOf(desk, j)))
}

/**
 * Looks once more at the state behind alarms nobody seemed to want, in case it changed
 * during the pass, a batch at a time, and removes those still unwanted. After an upgrade
 * from one job per step to one per clock, this is what clears the later steps' jobs: a
 * clock wants only its next step. (Were one to fire first, it would do nothing twice: the
 * steps' records are keyed by the same ids.)
 */
async function removeIfStillStale(desk: WorkerDesk, slaCtx: Awaited<ReturnType<typeof slaContext>>, jobs: Job[]): Promise<number> {
  const of = (key: 'ticketId' | 'taskId') => [...new Set(jobs.flatMap((j) => ((j.data as Record<string, unknown>)[key] as string | undefined) ?? []))]
  const tickets = of('ticketId')
  const tasks = of('taskId')
  const wanted = new Set([
    ...(tickets.length ? await slaWants(desk, slaCtx, tickets) : []).map((w) => w.jobId),
    ...(tasks.length ? await callbackWants(desk, tasks) : []).map((w) => w.jobId),
  ])
  let removed = 0
  for (const job of jobs) {
    if (wanted.has(job.id!)) continue
    await job.remove().catch(() => {})
    removed++
  }
  return removed
}
