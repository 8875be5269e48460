import { errorSummary } from '../../lib/error-summary.ts'
import { defaultTimeZone } from '../../lib/time/index.ts'
import { schedulerIds, type ScheduleJob } from '../../queue/jobs.ts'
import type { WorkerDesk } from '../desk.ts'
import { reconcileTimers } from './reconcile.ts'

/**
 * The desk's recurring passes are BullMQ job schedulers with fixed ids: every process
 * that runs workers upserts them at start, and upserting the same id again (a second
 * process, a restart, a crash loop) leaves one scheduler, so each run happens once.
 * What each run does is the schedules worker's (workers/schedules.ts).
 *
 * - plan-callbacks: at the start of each quarter, the quarter's callbacks (按季回访) and,
 *   in January and July, the half year's home visits.
 * - reconcile-timers: every RECONCILE_EVERY_MS, re-create lost SLA and callback alarms
 *   (including the overdue checks of callbacks) and drop stale ones.
 */
export async function ensureSchedulers(desk: Pick<WorkerDesk, 'queues' | 'config'>) {
  const q = desk.queues.schedules
  await q.upsertJobScheduler(
    schedulerIds.planCallbacks,
    { pattern: desk.config.CALLBACK_PLAN_CRON, tz: defaultTimeZone },
    { name: 'plan-callbacks', data: { task: 'plan-callbacks' } satisfies ScheduleJob },
  )
  await q.upsertJobScheduler(
    schedulerIds.reconcileTimers,
    { every: desk.config.RECONCILE_EVERY_MS },
    { name: 'reconcile-timers', data: { task: 'reconcile-timers' } satisfies ScheduleJob },
  )
}

/** A reconcile run: Redis may have lost the schedulers with everything else, so they go back too. */
export async function reconcileAll(desk: WorkerDesk) {
  await ensureSchedulers(desk)
  return reconcileTimers(desk)
}

/**
 * Called where workers start: schedulers upserted, and one reconcile pass right away, so
 * a desk that comes back after Redis lost its data has its alarms again before the first
 * periodic pass. Returns a stop function that waits for that pass.
 */
export function startTimekeeping(desk: WorkerDesk): { stop(): Promise<void> } {
  const pass = (async () => {
    try {
      await reconcileAll(desk)
    } catch (err) {
      desk.logger.error({ err: errorSummary(err) }, 'timekeeping start-up pass failed; the periodic pass will retry')
    }
  })()
  return { stop: () => pass }
}
