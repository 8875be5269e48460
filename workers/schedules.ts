import { planCallbacks } from '../src/desk/care/index.ts'
import { reconcileAll } from '../src/desk/timekeeping/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/** Runs of the desk's job schedulers (src/desk/timekeeping/schedules.ts): one at a time per process. */
export const schedulesWorker = defineWorker({
  queue: 'schedules',
  concurrency: 1,
  async process(payload, { desk }) {
    switch (payload.task) {
      case 'plan-callbacks':
        return planCallbacks(desk, desk.now())
      case 'reconcile-timers':
        return reconcileAll(desk)
    }
  },
})
