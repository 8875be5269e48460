import { runScheduledTask } from '../src/desk/schedules.ts'
import { defineWorker } from '../src/queue/define.ts'

/** Runs of the desk's job schedulers (plan-callbacks, reconcile-timers): one at a time per process. */
export const schedulesWorker = defineWorker({
  queue: 'schedules',
  concurrency: 1,
  async process(payload, { desk }) {
    return runScheduledTask(desk, payload.task)
  },
})
