import type { Category } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { CallbackTask } from '../../generated/prisma/client.ts'
import { addCalendarDays, halfYearKey, halfYearStart, quarterKey, quarterStart } from '../../lib/time/index.ts'
import { jobIds, type CallbackJob } from '../../queue/jobs.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { inWorkersScript, notifyCadre, stageWorkerMessage } from '../messaging/index.ts'
import { subtreeUnitIds } from '../people/index.ts'
import { escalationLadder, routeTicket, rungAt } from '../routing/index.ts'
import { openTicket } from '../tickets/index.ts'
import { applyTimerChanges, callbackTimerRefs, callbackTimes, scheduleCallbackTimers } from '../timekeeping/index.ts'
import type { CallbackOutcome } from '../vocabulary.ts'
import { hardshipSeverity } from './hardship.ts'

/**
 * Calls and visits owed to workers (CallbackTask): the quarterly callback to everyone on
 * hardship aid (按季回访), the half-year home visit for general hardship cases, and the
 * satisfaction callback after a ticket closes. Their alarms are timekeeping's
 * (src/desk/timekeeping/callback-timers.ts); what an alarm does, and what the cadre
 * records after the call, is here.
 */

export type CallbackTimerOutcome = 'reminded' | 'escalated' | 'answered' | 'not-due' | 'early' | 'already-done' | 'nobody-to-tell'

/** A callback timer fired: re-read the task, act only if this attempt is still pending and due, and only once. */
export async function onCallbackTimer(desk: Pick<Desk, 'db' | 'now' | 'config' | 'logger'>, job: CallbackJob): Promise<CallbackTimerOutcome> {
  const dedupeKey = jobIds.callback(job.taskId, job.attempt, job.stage)
  try {
    return await inTransaction(desk.db, async (tx) => {
      const now = desk.now()
      // A write first, changing nothing: on PostgreSQL it waits behind an exit or a recorded call
      // that is changing the task right now and then sees what that committed, so a task cancelled
      // a moment ago tells nobody. (SQLite's transactions run one at a time anyway.)
      const held = await tx.callbackTask.updateMany({ where: { id: job.taskId, status: 'pending', attempts: job.attempt }, data: { status: 'pending' } })
      if (held.count === 0) return 'not-due'
      const task = await tx.callbackTask.findUniqueOrThrow({ where: { id: job.taskId } })
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
      const told = await notifyCadre(tx, {
        cadreId: to, kind: job.stage === 'due' ? 'callback.due' : 'callback.overdue', ticketId: task.ticketId, callbackTaskId: task.id,
        dedupeKey, at: now, data: { kind: task.kind, dueAt: task.dueAt, attempt: task.attempts, assigneeId: task.assigneeId },
      })
      if (!told) return 'already-done' // a concurrent run told them a moment ago
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
        const staged = await inTransaction(desk.db, async (tx) => {
          // Claim the task first: the insert takes the write lock at once, so a second process
          // waits here (then meets the unique key) instead of failing to upgrade a read.
          const claimed = await tx.callbackTask.create({
            data: { ...w, workerId: record.workerId, unitId: record.unitId, hardshipId: record.id, ticketId: record.ticketId, createdAt: at },
          })
          const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: record.unitId } })
          const route = await routeTicket(tx, {
            unit, category: 'hardship', urgent: false, now: at, calendar: desk.calendar,
            severity: record.level === 'general' ? 'general' : 'severe',
          })
          const task = await tx.callbackTask.update({ where: { id: claimed.id }, data: { assigneeId: route.assignee?.id ?? null } })
          return scheduleCallbackTimers(tx, desk, task)
        })
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
  const result = await inTransaction(desk.db, async (tx) => {
    const task = await tx.callbackTask.findUnique({ where: { id: input.taskId } })
    if (!task) throw new DeskError('callback_not_found', `No callback task ${input.taskId}.`)
    if (task.status !== 'pending') throw new DeskError('callback_closed', `Callback task ${input.taskId} is already ${task.status}.`)
    const cancel = callbackTimerRefs(task)
    const note = input.note ?? null
    if (input.outcome === 'not_reached') {
      const retry = await tx.callbackTask.update({
        where: { id: task.id },
        data: { attempts: { increment: 1 }, outcome: 'not_reached', note, dueAt: new Date(now.getTime() + desk.config.CALLBACK_RETRY_SECONDS * 1000) },
      })
      return { cancel, staged: await scheduleCallbackTimers(tx, desk, retry), task: retry, linkedTicketNumber: null }
    }
    let linked: Awaited<ReturnType<typeof openFollowUpTicket>> | null = null
    if (input.outcome === 'needs_help') linked = await openFollowUpTicket(tx, desk, task, input.category ?? 'hardship', now)
    const done = await tx.callbackTask.update({
      where: { id: task.id },
      data: { status: 'done', outcome: input.outcome, note, completedAt: now, linkedTicketId: linked?.id ?? null },
    })
    return { cancel, staged: linked?.staged ?? [], task: done, linkedTicketNumber: linked?.number ?? null }
  })
  await applyTimerChanges(desk, { cancel: result.cancel, staged: result.staged })
  const t = result.task
  return { id: t.id, status: t.status, outcome: t.outcome, attempts: t.attempts, dueAt: t.dueAt.toISOString(), linkedTicketNumber: result.linkedTicketNumber }
}

/** A ticket opened by a cadre on the worker's behalf, on the channel they last wrote from. */
async function openFollowUpTicket(tx: Tx, desk: Desk, task: CallbackTask, category: Category, now: Date) {
  const identity = await tx.channelIdentity.findFirst({ where: { workerId: task.workerId }, orderBy: { lastInboundAt: 'desc' } })
  const channel = identity?.channel ?? 'web'
  const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: task.unitId } })
  const { ticket, staged } = await openTicket(tx, desk, {
    workerId: task.workerId, channel, unit, category, urgent: false, confidence: 1, classifiedBy: 'cadre', classifyReason: `${task.kind} callback`,
    severity: await hardshipSeverity(tx, task.workerId), now,
    openedBy: { actor: 'cadre', data: { fromCallbackTaskId: task.id, kind: task.kind, category } },
  })
  if (identity) {
    const text = await inWorkersScript(tx, desk, ticket.id, 'follow-up-opened', { ticketNumber: ticket.number, unitName: unit.name })
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
  if (input.unitCode && !unit) throw new DeskError('unit_not_found', `No org unit with code ${input.unitCode}.`)
  const unitIds = unit ? await subtreeUnitIds(desk.db, unit) : null
  const tasks = await desk.db.callbackTask.findMany({
    where: { status: input.status, ...(input.kind ? { kind: input.kind } : {}), ...(unitIds ? { unitId: { in: unitIds } } : {}) },
    orderBy: { dueAt: 'asc' },
    take: input.limit,
  })
  return { callbacks: tasks.map(callbackView) }
}
