import { DelayedError, Worker } from 'bullmq'
import { deliver, SENDING_STALE_MS } from '../../desk/messaging/index.ts'
import type { JobContext } from '../../queue/define.ts'
import type { WechatyJob } from '../../queue/jobs.ts'
import { noticeContact, sendCadreNotice } from './notices.ts'
import { seatOf } from './seat.ts'

/** While the bot is not logged in (or this process lost the lease) the queue looks again this often; no attempt is spent. */
export const OFFLINE_RECHECK_MS = 5000

/**
 * One send of the bot's queue, in the bot process. Waits cost no attempt and keep the queue's
 * order: while the bot is offline, and when the pace says not yet, the queue is rate-limited
 * for that long (BullMQ puts the job back at the head and waits) instead of sleeping here.
 * A worker's message goes through deliver(), with its claim and record rules (never sent
 * twice); a cadre's notice through sendCadreNotice.
 */
export async function runBotJob(payload: WechatyJob, { desk, job, token }: JobContext): Promise<string> {
  const queue = desk.queues.wechaty
  const seat = seatOf(desk)
  const bot = seat?.bot()
  if (!seat || !bot) {
    await queue.rateLimit(OFFLINE_RECHECK_MS)
    throw Worker.RateLimitError()
  }
  const chat = payload.deliveryId ? await workerContact(desk, payload.deliveryId) : await noticeContact(desk, payload.noticeId!)
  if (chat) {
    const wait = await seat.pacer.reserve(chat)
    if (wait > 0) {
      await queue.rateLimit(wait)
      throw Worker.RateLimitError()
    }
  }
  if (payload.noticeId) return sendCadreNotice(desk, bot, seat.memory, payload.noticeId)
  const outcome = await deliver(desk, payload.deliveryId!, { isLast: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) })
  if (outcome === 'in_flight' && token) {
    // Another job holds the claim: looked at again once that claim would count as abandoned.
    await job.moveToDelayed(Date.now() + SENDING_STALE_MS + 1000, token)
    throw new DelayedError()
  }
  return outcome
}

/** The contact a delivery is for: the pace counts per contact. */
async function workerContact(desk: JobContext['desk'], deliveryId: string): Promise<string | null> {
  const d = await desk.db.delivery.findUnique({ where: { id: deliveryId }, select: { workerId: true, channel: true, status: true } })
  if (!d || d.status === 'sent' || d.status === 'dead') return null
  const identity = await desk.db.channelIdentity.findFirst({ where: { workerId: d.workerId, channel: d.channel }, orderBy: { lastInboundAt: 'desc' }, select: { externalId: true } })
  return identity?.externalId ?? null
}
