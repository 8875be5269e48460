import type { Job, Queue } from 'bullmq'
import { jobIds } from '../queue/jobs.ts'
import { callbackTimes } from './callbacks.ts'
import type { Desk } from './deps.ts'
import { planSlaTimers, slaSettingsOf } from './sla-plan.ts'
import { fallbackPolicy } from './sla.ts'
import { openStatuses } from './types.ts'
import { deskCalendar } from './work-calendar.ts'

/**
 * The database is the truth about what is due; Redis only holds alarms. The reconciler
 * compares the two, on start and then periodically (the reconcile-timers scheduler):
 * an alarm the database wants but Redis lacks (Redis lost its data, an enqueue failed, a
 * job ran early and stood down) is created; one at the wrong time is moved; one no state
 * wants any more (a closed ticket, a finished callback) is removed.
 *
 * It works in batches, and re-reads a batch's state just before repairing it, so a cadre
 * answering while the pass runs does not get a cancelled reminder put back.
 */
export type ReconcileReport = { expected: number; created: number; moved: number; removed: number }

type Want = { queue: Queue; name: string; jobId: string; payload: object; runAt: Date }

/** Timers within this much of where they should be are left alone. */
const SLACK_MS = 1000
const BATCH = 500

export async function reconcileTimers(desk: Desk): Promise<ReconcileReport> {
  const startedAt = Date.now()
  const report: ReconcileReport = { expected: 0, created: 0, moved: 0, removed: 0 }
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
    for (const job of stale) if (await removeIfStillStale(desk, job)) report.removed++
  }
  if (report.created || report.moved || report.removed) desk.logger.info(report, 'reconciler repaired timers')
  return report
}

/** ok: in Redis at the right time, running, waiting to run, or failed for good (the failed set is where people look). */
async function jobState(want: Want): Promise<'ok' | 'missing' | 'wrong'> {
  const job = await want.queue.getJob(want.jobId)
  if (!job) return 'missing'
  const state = await job.getState()
  if (state === 'delayed') return Math.abs(job.timestamp + job.delay - want.runAt.getTime()) <= SLACK_MS ? 'ok' : 'wrong'
  return state === 'completed' ? 'wrong' : 'ok'
}

async function putJob(desk: Pick<Desk, 'now'>, want: Want): Promise<'created' | 'moved'> {
  const job = await want.queue.getJob(want.jobId)
  if (job) await job.remove().catch(() => {})
  await want.queue.add(want.name, want.payload, { jobId: want.jobId, delay: Math.max(0, want.runAt.getTime() - desk.now().getTime()) })
  return job ? 'moved' : 'created'
}

async function slaContext(desk: Desk) {
  const policies = new Map((await desk.db.slaPolicy.findMany()).map((p) => [`${p.category}/${p.urgent}`, p]))
  return { policies, calendar: deskCalendar(desk.config), settings: slaSettingsOf(desk.config) }
}

/** The SLA timers these tickets should have in Redis: planned, with a time, and their work not yet recorded. */
async function slaWants(desk: Desk, ctx: Awaited<ReturnType<typeof slaContext>>, ids: string[]): Promise<Want[]> {
  const tickets = await desk.db.ticket.findMany({ where: { id: { in: ids }, status: { in: openStatuses } }, include: { pauses: true } })
  const done = new Set(
    (await desk.db.ticketEvent.findMany({ where: { ticketId: { in: ids }, dedupeKey: { startsWith: 'sla-' } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey),
  )
  const wants: Want[] = []
  for (const ticket of tickets) {
    const policy = ctx.policies.get(`${ticket.category}/${ticket.urgent}`) ?? fallbackPolicy(ticket.urgent)
    for (const timer of planSlaTimers(ticket, policy, ticket.pauses, ctx.calendar, ctx.settings)) {
      const jobId = jobIds.sla(ticket.id, timer.stage)
      if (!timer.runAt || done.has(jobId)) continue
      wants.push({ queue: desk.queues.sla, name: timer.stage, jobId, payload: { ticketId: ticket.id, stage: timer.stage }, runAt: timer.runAt })
    }
  }
  return wants
}

/** The due and overdue alarms of these tasks' current attempts that have not told anyone yet. */
async function callbackWants(desk: Desk, ids: string[]): Promise<Want[]> {
  const tasks = await desk.db.callbackTask.findMany({ where: { id: { in: ids }, status: 'pending' } })
  const keys = tasks.flatMap((t) => (['due', 'overdue'] as const).map((stage) => jobIds.callback(t.id, t.attempts, stage)))
  const done = new Set((await desk.db.cadreNotice.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((n) => n.dedupeKey))
  const wants: Want[] = []
  for (const task of tasks) {
    for (const [stage, runAt] of Object.entries(callbackTimes(desk, task)) as ['due' | 'overdue', Date][]) {
      const jobId = jobIds.callback(task.id, task.attempts, stage)
      if (done.has(jobId)) continue
      wants.push({ queue: desk.queues.callbacks, name: `callback-${stage}`, jobId, payload: { taskId: task.id, stage, attempt: task.attempts }, runAt })
    }
  }
  return wants
}

/** Looks once more at the state behind an alarm nobody seemed to want, in case it changed during the pass. */
async function removeIfStillStale(desk: Desk, job: Job): Promise<boolean> {
  const data = job.data as { ticketId?: string; taskId?: string }
  const wanted = data.ticketId
    ? (await slaWants(desk, await slaContext(desk), [data.ticketId])).some((w) => w.jobId === job.id)
    : data.taskId
      ? (await callbackWants(desk, [data.taskId])).some((w) => w.jobId === job.id)
      : false
  if (wanted) return false
  await job.remove().catch(() => {})
  return true
}
