import { onSlaTimer } from '../src/desk/timekeeping/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * SLA timers: reminders before each deadline and escalation after it. One delayed job per
 * ticket and stage with a deterministic id (sla-<ticket>-<stage>), so rescheduling and
 * cancelling are idempotent. The processor re-reads the ticket before it acts.
 */
export const slaWorker = defineWorker({
  queue: 'sla',
  concurrency: 20,
  async process(payload, { desk, logger }) {
    const outcome = await onSlaTimer(desk, payload.ticketId, payload.stage)
    logger.debug({ outcome, stage: payload.stage }, 'SLA timer handled')
    return outcome
  },
})
