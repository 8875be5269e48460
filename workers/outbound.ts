import { DelayedError } from 'bullmq'
import { SendError } from '../src/channels/types.ts'
import { QuotaWaits, SENDING_STALE_MS, afterOneMoreWait, deliver, type DeliveryOutcome } from '../src/desk/messaging/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * Everything the desk sends a worker: cadre replies, step notices, deferred passive
 * replies, satisfaction questions, job pushes. Rate-limited to respect channel quotas;
 * retried with backoff; a send that keeps failing stays in the failed set (the dead
 * letters on the queue dashboard) and its Delivery row says why.
 *
 * Two waits spend no attempt, the job is moved to a later time instead:
 * - a quota that resets later (SendError.retryAt). Each wait is counted on the job
 *   (`quotaWaits`, an optional field of the payload), and deliver()
 *   dead-letters the send once the count reaches QUOTA_WAIT_LIMITS;
 * - another send holding the delivery's claim (in_flight): looked at again once that claim
 *   would count as abandoned, when the job either finds it sent or takes the claim over.
 */
export const outboundWorker = defineWorker({
  queue: 'outbound',
  concurrency: 8,
  limiter: { max: 50, duration: 1000 },
  async process(payload, { desk, job, token }) {
    const attempts = job.opts.attempts ?? 1
    const quotaWaits = QuotaWaits.catch({}).parse((job.data as { quotaWaits?: unknown }).quotaWaits ?? {})
    let outcome: DeliveryOutcome
    try {
      outcome = await deliver(desk, payload.deliveryId, { isLast: job.attemptsMade + 1 >= attempts, quotaWaits })
    } catch (err) {
      if (err instanceof SendError && err.retryAt && token) {
        await job.updateData({ ...job.data, quotaWaits: afterOneMoreWait(quotaWaits, err.retryAt, desk.now()) })
        await job.moveToDelayed(err.retryAt.getTime(), token)
        throw new DelayedError()
      }
      throw err
    }
    if (outcome === 'in_flight' && token) {
      await job.moveToDelayed(Date.now() + SENDING_STALE_MS + 1000, token)
      throw new DelayedError()
    }
    return outcome
  },
})
