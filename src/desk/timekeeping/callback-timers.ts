import type { Tx } from '../../db/client.ts'
import type { CallbackTask, OutboxJob } from '../../generated/prisma/client.ts'
import { jobIds, type CallbackJob } from '../../queue/jobs.ts'
import { stageJobs, type StagedJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import type { TimerRef } from './timers.ts'

/**
 * The alarms of calls and visits owed to workers (CallbackTask). Each pending task has two
 * on the callbacks queue, cb-<task>-<attempt>-due (the assignee is reminded) and
 * cb-<task>-<attempt>-overdue (the unit's leader is told); a retry after "not reached" is a
 * new attempt with fresh alarms. What the alarms do is care's (src/desk/care/callbacks.ts).
 */
type Ctx = Pick<Desk, 'config'>
const stages = ['due', 'overdue'] as const satisfies readonly CallbackJob['stage'][]

export function callbackTimes(ctx: Ctx, task: Pick<CallbackTask, 'dueAt'>): Record<CallbackJob['stage'], Date> {
  return { due: task.dueAt, overdue: new Date(task.dueAt.getTime() + ctx.config.CALLBACK_ESCALATE_AFTER_SECONDS * 1000) }
}

export const callbackTimerRefs = (task: Pick<CallbackTask, 'id' | 'attempts'>): TimerRef[] =>
  stages.map((stage) => ({ queue: 'callbacks', jobId: jobIds.callback(task.id, task.attempts, stage) }))

/** The jobs a pending task's current attempt should have, less those whose work is recorded (`done`: job ids). */
export function callbackTimerJobs(ctx: Ctx, task: CallbackTask, done: ReadonlySet<string | null>): StagedJob<'callbacks'>[] {
  if (task.status !== 'pending') return []
  const times = callbackTimes(ctx, task)
  return stages.flatMap((stage) => {
    const jobId = jobIds.callback(task.id, task.attempts, stage)
    if (done.has(jobId)) return []
    return [{ queue: 'callbacks' as const, name: `callback-${stage}`, jobId, payload: { taskId: task.id, stage, attempt: task.attempts }, runAt: times[stage] }]
  })
}

/** In the caller's transaction: stage the alarms of a pending task that have not told anyone yet. */
export async function scheduleCallbackTimers(tx: Tx, ctx: Ctx, task: CallbackTask): Promise<OutboxJob[]> {
  const keys = callbackTimerRefs(task).map((r) => r.jobId)
  const done = new Set((await tx.cadreNotice.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((n) => n.dedupeKey))
  return stageJobs(tx, callbackTimerJobs(ctx, task, done))
}
