import { onFirstResponseDue } from '../src/desk/sla.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * SLA timers. One delayed job per ticket and stage, with a deterministic id
 * (sla-<ticket>-<stage>), so rescheduling and cancelling are idempotent. The processor
 * re-reads the ticket before it acts.
 */
export const slaWorker = defineWorker({
  queue: 'sla',
  concurrency: 10,
  async process(payload, { desk, logger }) {
    switch (payload.stage) {
      case 'first-response': {
        const outcome = await onFirstResponseDue(desk, payload.ticketId)
        logger.debug({ outcome }, 'first-response timer handled')
        return outcome
      }
    }
  },
})
