import { SendError, type ChannelSender } from '../channels/types.ts'
import { jobIds } from '../queue/jobs.ts'
import { flushOutbox, stageJob } from '../queue/outbox.ts'
import type { Desk } from './deps.ts'

export type Senders = Partial<Record<string, ChannelSender>>

/**
 * Sends one Delivery on its channel and records what happened. Re-reads the row first,
 * so a repeated job never sends twice. Channels without a push (the web portal) keep the
 * message for the worker to read, which counts as delivered.
 * Throws only for retryable failures; BullMQ retries with backoff.
 */
export async function deliver(desk: Desk, senders: Senders, deliveryId: string, attempt: { isLast: boolean }) {
  const d = await desk.db.delivery.findUnique({ where: { id: deliveryId } })
  if (!d || d.status === 'sent' || d.status === 'dead') return d?.status ?? 'missing'
  const now = desk.now()
  const sender = senders[d.channel]
  if (!sender) {
    await desk.db.delivery.update({ where: { id: d.id }, data: { status: 'sent', via: 'portal_inbox', sentAt: now, attempts: { increment: 1 } } })
    return 'sent'
  }
  const [worker, identity, message] = await Promise.all([
    desk.db.worker.findUnique({ where: { id: d.workerId }, select: { unsubscribedAt: true } }),
    desk.db.channelIdentity.findFirst({ where: { workerId: d.workerId, channel: d.channel }, orderBy: { lastInboundAt: 'desc' } }),
    d.messageId ? desk.db.message.findUnique({ where: { id: d.messageId }, select: { text: true } }) : null,
  ])
  if (!identity || !message) return fail(desk, d.id, d.channel, 'no_identity', 'the worker has no identity on this channel', false)
  if (worker?.unsubscribedAt && d.channel === 'wechat_oa') return fail(desk, d.id, d.channel, 'unsubscribed', 'the worker unfollowed the account', false)

  const sentSinceInbound = await desk.db.delivery.count({
    where: { workerId: d.workerId, channel: d.channel, status: 'sent', via: 'customer_service', sentAt: { gte: identity.lastInboundAt ?? new Date(0) } },
  })
  try {
    const outcome = await sender.send({
      deliveryId: d.id, externalUserId: identity.externalId, text: message.text, purpose: d.purpose,
      window: { lastInboundAt: identity.lastInboundAt, sentSinceInbound },
    })
    if (outcome.status === 'sent') {
      await desk.db.delivery.update({ where: { id: d.id }, data: { status: 'sent', via: outcome.via, sentAt: desk.now(), attempts: { increment: 1 }, errorCode: null, error: null } })
    } else {
      await desk.db.delivery.update({ where: { id: d.id }, data: { status: 'deferred', attempts: { increment: 1 }, error: outcome.reason } })
    }
    desk.metrics.deliveries.inc({ channel: d.channel, status: outcome.status })
    return outcome.status
  } catch (err) {
    const e = err instanceof SendError ? err : new SendError((err as Error).message, 'unexpected', true)
    if (!e.retryable || (attempt.isLast && !e.retryAt)) return fail(desk, d.id, d.channel, e.code, e.message, attempt.isLast && e.retryable)
    await desk.db.delivery.update({ where: { id: d.id }, data: { attempts: { increment: 1 }, errorCode: e.code, error: e.message.slice(0, 500) } })
    throw e // with e.retryAt set, the outbound worker waits until then instead of backing off
  }
}

async function fail(desk: Desk, id: string, channel: string, code: string, error: string, exhausted: boolean) {
  await desk.db.delivery.update({
    where: { id },
    data: { status: exhausted ? 'dead' : 'failed', errorCode: code, error: error.slice(0, 500), attempts: { increment: 1 } },
  })
  desk.metrics.deliveries.inc({ channel, status: exhausted ? 'dead' : 'failed' })
  desk.logger.warn({ deliveryId: id, code, exhausted }, 'delivery failed')
  return exhausted ? 'dead' : 'failed'
}

/**
 * The worker wrote again, so the channel's window is open: everything deferred for them
 * goes out now. Called after intake commits.
 */
export async function releaseDeferred(desk: Desk, workerId: string, channel: string): Promise<number> {
  const deferred = await desk.db.delivery.findMany({ where: { workerId, channel, status: 'deferred' }, select: { id: true } })
  if (deferred.length === 0) return 0
  const rows = await desk.db.$transaction(async (tx) => {
    const staged = []
    for (const d of deferred) {
      // Claimed one by one and only while still deferred: two messages from the worker at once release each delivery once.
      const { count } = await tx.delivery.updateMany({ where: { id: d.id, status: 'deferred' }, data: { status: 'pending' } })
      if (count === 0) continue
      // A fresh job id per release: the earlier job with the plain id already completed.
      staged.push(
        await stageJob(tx, { queue: 'outbound', name: 'released', jobId: `${jobIds.outbound(d.id)}-r${Date.now()}`, payload: { deliveryId: d.id }, runAt: desk.now() }),
      )
    }
    return staged
  })
  await flushOutbox(desk, rows)
  return rows.length
}
