import { DelayedError } from 'bullmq'
import { planFanoutPage, pushPage } from '../src/desk/postings/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * A published posting's push. `fanout` plans a page of matching subscribers and stages the
 * next; `push` sends one page. Quiet hours move the page to their end without spending an
 * attempt; sends that may pass (network, a busy channel) put the page back for a retry with
 * backoff, and what was already sent stays sent.
 */
export const postingsWorker = defineWorker({
  queue: 'postings',
  concurrency: 2,
  // A page whose process died goes to another worker after 10 s, not BullMQ's default 30: the push is what someone is waiting for.
  lockDuration: 10_000,
  async process(payload, { desk, job, token, logger }) {
    if (payload.step === 'fanout') return planFanoutPage(desk, payload.postingId, payload.page)
    const result = await pushPage(desk, payload.postingId, payload.page)
    if (result.kind === 'quiet' && token) {
      await job.moveToDelayed(result.until.getTime(), token)
      throw new DelayedError()
    }
    if (result.kind === 'retry') {
      logger.warn({ counts: result.counts, reason: result.reason }, 'job push page: some sends will be tried again')
      throw new Error(`some pushes could not go yet: ${result.reason}`)
    }
    return result
  },
})
