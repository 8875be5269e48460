import type { Category } from '../classify/types.ts'
import type { Tx } from '../db/client.ts'
import type { CallbackTask, OutboxJob } from '../generated/prisma/client.ts'
import { jobIds, type CallbackJob } from '../queue/jobs.ts'
import { stageJobs, type StagedJob } from '../queue/outbox.ts'
import { notifyCadre } from './cadre-notify.ts'
import type { Desk } from './deps.ts'
import { escalationLadder, rungAt } from './escalation.ts'
import { hardshipSeverity } from './hardship.ts'
import { stageWorkerMessage } from './notify.ts'
import { routeTicket } from './routing.ts'
import { applyTimerChanges, isUniqueViolation, openingDeadlines, slaPolicyFor, startSlaClocks } from './sla.ts'
import { DeskActionError, workerText } from './ticket-actions.ts'
import { nextTicketNumber } from './ticket-number.ts'
import { addCalendarDays, halfYearKey, halfYearStart, quarterKey, quarterStart } from './time/index.ts'
import type { CallbackOutcome } from './types.ts'
import { deskCalendar } from './work-calendar.ts'

/**
 * Calls and visits owed to workers (CallbackTask): the quarterly callback to everyone on
 * hardship aid (按季回访), the half-year home visit for general hardship cases, and the
 * satisfaction callback after a ticket closes. Each pending task has two timers on the
 * callbacks queue, cb-<task>-<attempt>-due (the assignee is reminded) and
 * cb-<task>-<attempt>-overdue (the unit's leader is told); a retry after "not reached"
 * is a new attempt with fresh timers.
 */

type Ctx = Pick<Desk, 'config'>
const txOptions = { maxWait: 10_000, timeout: 10_000 }

export function callbackTimes(ctx: Ctx, task: Pick<CallbackTask, 'dueAt'>): Record<CallbackJob['stage'], Date> {
  return { due: task.dueAt, overdue: new Date(task.dueAt.getTime() + ctx.config.CALLBACK_ESCALATE_AFTER_SECONDS * 1000) }
}

export const callbackJobIdsOf = (task: Pick<CallbackTask, 'id' | 'attempts'>) =>
  (['due', 'overdue'] as const).map((stage) => jobIds.callback(task.id, task.attempts, stage))

/** Stage the timers of a pending task's current attempt that have not done their work yet. */
export async function scheduleCallbackTimers(tx: Tx, ctx: Ctx, task: CallbackTask): Promise<OutboxJob[]> {
  if (task.status !== 'pending') return []
  const jobs: StagedJob<'callbacks'>[] = []
  for (const [stage, runAt] of Object.entries(callbackTimes(ctx, task)) as [CallbackJob['stage'], Date][]) {
    const jobId = jobIds.callback(task.id, task.attempts, stage)
    if (await tx.cadreNotice.findUnique({ where: { dedupeKey: jobId }, select: { id: true } })) continue
    jobs.push({ queue: 'callbacks', name: `callback-${stage}`, jobId, payload: { taskId: task.id, stage, attempt: task.attempts }, runAt })
  }
  return stageJobs(tx, jobs)
}

export type CallbackTimerOutcome = 'reminded' | 'escalated' | 'answered' | 'not-due' | 'early' | 'already-done' | 'nobody-to-tell'

/** A callback timer fired: re-read the task, act only if this attempt is still pending and due, and only once. */
export async function onCallbackTimer(desk: Pick<Desk, 'db' | 'now' | 'config' | 'logger'>, job: CallbackJob): Promise<CallbackTimerOutcome> {
  const dedupeKey = jobIds.callback(job.taskId, job.attempt, job.stage)
  try {
    return await desk.db.$transaction(async (tx) => {
      const now = desk.now()
      const task = await tx.callbackTask.findUnique({ where: { id: job.taskId } })
      if (!task || task.status !== 'pending' || task.attempts !== job.attempt) return 'not-due'
      if (callbackTimes(desk, task)[job.stage].getTime() > now.getTime() + 1000) return 'early'
      if (await tx.cadreNotice.findUnique({ where: { dedupeKey }, select: { id: true } })) return 'already-done'
      // The worker rated the ticket by message: nobody needs to call to ask.
      if (task.kind === 'satisfaction' && task.ticketId) {
        const ticket = await tx.ticket.findUnique({ where: { id: task.ticketId }, select: { satisfaction: true } })
        if (ticket?.satisfaction) {
          await tx.callbackTask.update({ where: { id: task.id }, data: { status: 'done', outcome: 'reached', note: '职工已回复满意度', completedAt: now } })
          return 'answered'
        }
      }
      const ladder = await escalationLadder(tx, task.unitId, task.assigneeId)
      const to = job.stage === 'due' ? (task.assigneeId ?? rungAt(ladder, 1)?.leader.id) : rungAt(ladder, 1)?.leader.id
      if (!to) return 'nobody-to-tell'
      await notifyCadre(tx, {
        cadreId: to, kind: job.stage === 'due' ? 'callback.due' : 'callback.overdue', ticketId: task.ticketId, callbackTaskId: task.id,
        dedupeKey, at: now, data: { kind: task.kind, dueAt: task.dueAt, attempt: task.attempts, assigneeId: task.assigneeId },
      })
      return job.stage === 'due' ? 'reminded' : 'escalated'
    })
  } catch (err) {
    if (isUniqueViolation(err)) return 'already-done'
    throw err
  }
}

/**
 * The quarter's callbacks (and, in January and July, the half year's home visits) for
 * everyone in the hardship archive. The task's dedupe key names the record and the
 * period, so two processes or a repeated run create each task once.
 */
export async function planCallbacks(desk: Desk, at: Date = desk.now()): Promise<{ created: number; existing: number }> {
  const records = await desk.db.hardshipRecord.findMany({ where: { exitedAt: null, enteredAt: { lte: at } }, orderBy: { enteredAt: 'asc' } })
  const quarter = quarterKey(at)
  const halfYearBegins = quarterStart(at).getTime() === halfYearStart(at).getTime()
  let created = 0
  let existing = 0
  for (const record of records) {
    const wanted = [
      { kind: 'quarterly', dedupeKey: `quarterly-${record.id}-${quarter}`, dueAt: addCalendarDays(quarterStart(at), desk.config.CALLBACK_DUE_DAYS), reason: `${quarter} 按季回访` },
      ...(record.level === 'general' && halfYearBegins
        ? [{ kind: 'home_visit', dedupeKey: `home_visit-${record.id}-${halfYearKey(at)}`, dueAt: addCalendarDays(halfYearStart(at), desk.config.HOME_VISIT_DUE_DAYS), reason: `${halfYearKey(at)} 半年入户走访` }]
        : []),
    ]
    for (const w of wanted) {
      if (await desk.db.callbackTask.findUnique({ where: { dedupeKey: w.dedupeKey }, select: { id: true } })) {
        existing++
        continue
      }
      try {
        const staged = await desk.db.$transaction(async (tx) => {
          // Claim the task first: the insert takes the write lock at once, so a second process
          // waits here (then meets the unique key) instead of failing to upgrade a read.
          const claimed = await tx.callbackTask.create({
            data: { ...w, workerId: record.workerId, unitId: record.unitId, hardshipId: record.id, ticketId: record.ticketId, createdAt: at },
          })
          const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: record.unitId } })
          const route = await routeTicket(tx, {
            unit, category: 'hardship', urgent: false, now: at, calendar: deskCalendar(desk.config),
            severity: record.level === 'general' ? 'general' : 'severe',
          })
          const task = await tx.callbackTask.update({ where: { id: claimed.id }, data: { assigneeId: route.assignee?.id ?? null } })
          return scheduleCallbackTimers(tx, desk, task)
        }, txOptions)
        await applyTimerChanges(desk, { cancel: [], staged })
        created++
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        existing++ // another process created it a moment ago
      }
    }
  }
  if (created) desk.logger.info({ quarter, created, existing }, 'callbacks planned')
  return { created, existing }
}

/**
 * The cadre made the call or visit. reached: done. not_reached: tried again after
 * CALLBACK_RETRY_SECONDS, with fresh timers. needs_help: done, and a new ticket is opened
 * for the worker, linked to the task, routed and timed like any other.
 */
export async function recordCallbackOutcome(
  desk: Desk,
  input: { taskId: string; outcome: CallbackOutcome; note?: string; category?: Category; actor: string },
) {
  const now = desk.now()
  const result = await desk.db.$transaction(async (tx) => {
    const task = await tx.callbackTask.findUnique({ where: { id: input.taskId } })
    if (!task) throw new DeskActionError('callback_not_found', `No callback task ${input.taskId}.`, 404)
    if (task.status !== 'pending') throw new DeskActionError('callback_closed', `Callback task ${input.taskId} is already ${task.status}.`, 409)
    const cancel = callbackJobIdsOf(task)
    const note = input.note ?? null
    if (input.outcome === 'not_reached') {
      const retry = await tx.callbackTask.update({
        where: { id: task.id },
        data: { attempts: { increment: 1 }, outcome: 'not_reached', note, dueAt: new Date(now.getTime() + desk.config.CALLBACK_RETRY_SECONDS * 1000) },
      })
      return { cancel, staged: await scheduleCallbackTimers(tx, desk, retry), task: retry, linkedTicketNumber: null }
    }
    let linked: { id: string; number: string; staged: OutboxJob[] } | null = null
    if (input.outcome === 'needs_help') linked = await openFollowUpTicket(tx, desk, task, input.category ?? 'hardship', now)
    const done = await tx.callbackTask.update({
      where: { id: task.id },
      data: { status: 'done', outcome: input.outcome, note, completedAt: now, linkedTicketId: linked?.id ?? null },
    })
    return { cancel, staged: linked?.staged ?? [], task: done, linkedTicketNumber: linked?.number ?? null }
  }, txOptions)
  await applyTimerChanges(desk, { cancel: result.cancel, staged: result.staged })
  const t = result.task
  return { id: t.id, status: t.status, outcome: t.outcome, attempts: t.attempts, dueAt: t.dueAt.toISOString(), linkedTicketNumber: result.linkedTicketNumber }
}

/** A ticket opened by a cadre on the worker's behalf, on the channel they last wrote from. */
async function openFollowUpTicket(tx: Tx, desk: Desk, task: CallbackTask, category: Category, now: Date) {
  const identity = await tx.channelIdentity.findFirst({ where: { workerId: task.workerId }, orderBy: { lastInboundAt: 'desc' } })
  const channel = identity?.channel ?? 'web'
  const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: task.unitId } })
  const severity = await hardshipSeverity(tx, task.workerId)
  const route = await routeTicket(tx, { unit, category, urgent: false, now, severity, calendar: deskCalendar(desk.config) })
  const policy = await slaPolicyFor(tx, category, false)
  const ticket = await tx.ticket.create({
    data: {
      number: await nextTicketNumber(tx, now), workerId: task.workerId, channel, category, urgent: false,
      confidence: 1, classifiedBy: 'cadre', classifyReason: `${task.kind} callback`, tier: route.tier, severity,
      unitId: unit.id, assigneeId: route.assignee?.id ?? null, ...openingDeadlines(desk, policy, now), createdAt: now,
    },
  })
  await tx.ticketEvent.createMany({
    data: [
      { ticketId: ticket.id, type: 'ticket.opened', actor: 'cadre', createdAt: now, data: JSON.stringify({ fromCallbackTaskId: task.id, kind: task.kind, category }) },
      { ticketId: ticket.id, type: route.assignee ? 'ticket.routed' : 'ticket.unassigned', createdAt: now, data: JSON.stringify({ unitId: unit.id, assigneeId: route.assignee?.id ?? null, tier: route.tier, reason: route.reason }) },
    ],
  })
  const staged = await startSlaClocks(tx, desk, ticket, policy)
  if (identity) {
    const text = await workerText(tx, desk, ticket.id, 'follow-up-opened', { ticketNumber: ticket.number, unitName: unit.name })
    staged.push((await stageWorkerMessage(tx, { workerId: task.workerId, channel, ticketId: ticket.id, text, purpose: 'step_notice', at: now })).job)
  }
  return { id: ticket.id, number: ticket.number, staged }
}

export const callbackView = (t: CallbackTask) => ({
  id: t.id, kind: t.kind, status: t.status, outcome: t.outcome, attempts: t.attempts, reason: t.reason,
  dueAt: t.dueAt.toISOString(), assigneeId: t.assigneeId, unitId: t.unitId, ticketId: t.ticketId, linkedTicketId: t.linkedTicketId,
})

/** Calls and visits to make, soonest first: a unit's and the units below it, or all. */
export async function listCallbacks(desk: Pick<Desk, 'db'>, input: { status: string; unitCode?: string; kind?: string; limit: number }) {
  const unit = input.unitCode ? await desk.db.orgUnit.findUnique({ where: { code: input.unitCode } }) : null
  if (input.unitCode && !unit) throw new DeskActionError('unit_not_found', `No org unit with code ${input.unitCode}.`, 404)
  const units = unit ? await desk.db.orgUnit.findMany({ where: { path: { startsWith: unit.path } }, select: { id: true } }) : null
  const tasks = await desk.db.callbackTask.findMany({
    where: { status: input.status, ...(input.kind ? { kind: input.kind } : {}), ...(units ? { unitId: { in: units.map((u) => u.id) } } : {}) },
    orderBy: { dueAt: 'asc' },
    take: input.limit,
  })
  return { callbacks: tasks.map(callbackView) }
}
