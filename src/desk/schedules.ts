import { schedulerIds, type ScheduleJob } from '../queue/jobs.ts'
import { errorSummary } from '../queue/outbox.ts'
import { planCallbacks } from './callbacks.ts'
import type { Desk } from './deps.ts'
import { reconcileTimers } from './reconcile.ts'
import { defaultTimeZone } from './time/index.ts'

/**
 * The desk's recurring passes are BullMQ job schedulers with fixed ids: every process
 * that runs workers upserts them at start, and upserting the same id again (a second
 * process, a restart, a crash loop) leaves one scheduler, so each run happens once.
 *
 * - plan-callbacks: at the start of each quarter, the quarter's callbacks (按季回访) and,
 *   in January and July, the half year's home visits.
 * - reconcile-timers: every RECONCILE_EVERY_MS, re-create lost SLA and callback alarms
 *   (including the overdue checks of callbacks) and drop stale ones.
 */
export async function ensureSchedulers(desk: Pick<Desk, 'queues' | 'config'>) {
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

export async function runScheduledTask(desk: Desk, task: ScheduleJob['task']) {
  switch (task) {
    case 'plan-callbacks':
      return planCallbacks(desk, desk.now())
    case 'reconcile-timers':
      // Redis may have lost the schedulers with everything else: put them back too.
      await ensureSchedulers(desk)
      return reconcileTimers(desk)
  }
}

/**
 * Called where workers start: schedulers upserted, and one reconcile pass right away, so
 * a desk that comes back after Redis lost its data has its alarms again before the first
 * periodic pass. Returns a stop function that waits for that pass.
 */
export function startTimekeeping(desk: Desk): { stop(): Promise<void> } {
  const pass = (async () => {
    try {
      await ensureSchedulers(desk)
      await reconcileTimers(desk)
    } catch (err) {
      desk.logger.error({ err: errorSummary(err) }, 'timekeeping start-up pass failed; the periodic pass will retry')
    }
  })()
  return { stop: () => pass }
}
