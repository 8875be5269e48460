import { onCallbackTimer } from '../src/desk/care/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * Callback timers: cb-<task>-<attempt>-due reminds the assignee that a call or visit is
 * due; cb-<task>-<attempt>-overdue tells the unit's leader it is still undone. The
 * processor re-reads the task and acts once.
 */
export const callbacksWorker = defineWorker({
  queue: 'callbacks',
  concurrency: 10,
  async process(payload, { desk, logger }) {
    const outcome = await onCallbackTimer(desk, payload)
    logger.debug({ outcome, stage: payload.stage }, 'callback timer handled')
    return outcome
  },
})
