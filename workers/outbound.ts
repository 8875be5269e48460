import { DelayedError } from 'bullmq'
import { SendError } from '../src/channels/types.ts'
import { deliver } from '../src/desk/messaging/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * Everything the desk sends a worker: cadre replies, step notices, deferred passive
 * replies, satisfaction questions, job pushes. Rate-limited to respect channel quotas;
 * retried with backoff; a send that keeps failing stays in the failed set (the dead
 * letters on the queue dashboard) and its Delivery row says why.
 */
export const outboundWorker = defineWorker({
  queue: 'outbound',
  concurrency: 8,
  limiter: { max: 50, duration: 1000 },
  async process(payload, { desk, job, token }) {
    const attempts = job.opts.attempts ?? 1
    try {
      return await deliver(desk, payload.deliveryId, { isLast: job.attemptsMade + 1 >= attempts })
    } catch (err) {
      // A quota that resets later: wait until then, without spending an attempt.
      if (err instanceof SendError && err.retryAt && token) {
        await job.moveToDelayed(err.retryAt.getTime(), token)
        throw new DelayedError()
      }
      throw err
    }
  },
})
