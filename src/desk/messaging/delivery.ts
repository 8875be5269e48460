import { SendError } from '../../channels/types.ts'
import type { Desk } from '../desk.ts'

export type DeliveryOutcome = 'sent' | 'deferred' | 'failed' | 'dead' | 'missing'

/**
 * Sends one Delivery on its channel and records what happened. Re-reads the row first,
 * so a repeated job never sends twice. What the channel can do comes from the registry:
 * an inbox channel (the web portal) keeps the message on the ticket for the worker to read,
 * which is its delivery; a push channel needs its sender, and a process without one leaves
 * the delivery for a process that has it (retried, never marked sent).
 * Throws only for retryable failures; BullMQ retries with backoff.
 */
export async function deliver(desk: Desk, deliveryId: string, attempt: { isLast: boolean }): Promise<DeliveryOutcome> {
  const d = await desk.db.delivery.findUnique({ where: { id: deliveryId } })
  if (!d || d.status === 'sent' || d.status === 'dead') return (d?.status as DeliveryOutcome | undefined) ?? 'missing'
  const spec = desk.channels.spec(d.channel)
  if (spec.delivery === 'inbox') {
    await desk.db.delivery.update({ where: { id: d.id }, data: { status: 'sent', via: 'portal_inbox', sentAt: desk.now(), attempts: { increment: 1 } } })
    desk.metrics.deliveries.inc({ channel: d.channel, status: 'sent' })
    return 'sent'
  }
  const sender = desk.channels.sender(d.channel)
  if (!sender) {
    const e = new SendError(`no ${spec.label} sender in this process: check its credentials, or run a worker that has them`, 'no_sender', true)
    return retryOrFail(desk, d.id, d.channel, e, attempt)
  }
  const [worker, identity, message] = await Promise.all([
    desk.db.worker.findUnique({ where: { id: d.workerId }, select: { unsubscribedAt: true } }),
    desk.db.channelIdentity.findFirst({ where: { workerId: d.workerId, channel: d.channel }, orderBy: { lastInboundAt: 'desc' } }),
    d.messageId ? desk.db.message.findUnique({ where: { id: d.messageId }, select: { text: true } }) : null,
  ])
  if (!identity || !message) return fail(desk, d.id, d.channel, 'no_identity', 'the worker has no identity on this channel', false)
  if (worker?.unsubscribedAt && spec.honoursUnsubscribe) return fail(desk, d.id, d.channel, 'unsubscribed', `the worker turned off ${spec.label}`, false)

  const sentSinceInbound = spec.replyWindow
    ? await desk.db.delivery.count({
        where: { workerId: d.workerId, channel: d.channel, status: 'sent', via: spec.replyWindow.via, sentAt: { gte: identity.lastInboundAt ?? new Date(0) } },
      })
    : 0
  try {
    const outcome = await sender.send({
      deliveryId: d.id, externalUserId: identity.externalId, text: message.text, purpose: d.purpose,
      window: desk.channels.windowState(d.channel, identity.lastInboundAt, sentSinceInbound, desk.now()),
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
    return retryOrFail(desk, d.id, d.channel, e, attempt)
  }
}

async function retryOrFail(desk: Desk, id: string, channel: string, e: SendError, attempt: { isLast: boolean }): Promise<DeliveryOutcome> {
  if (!e.retryable || (attempt.isLast && !e.retryAt)) return fail(desk, id, channel, e.code, e.message, attempt.isLast && e.retryable)
  await desk.db.delivery.update({ where: { id }, data: { attempts: { increment: 1 }, errorCode: e.code, error: e.message.slice(0, 500) } })
  throw e // with e.retryAt set, the outbound worker waits until then instead of backing off
}

async function fail(desk: Desk, id: string, channel: string, code: string, error: string, exhausted: boolean): Promise<DeliveryOutcome> {
  await desk.db.delivery.update({
    where: { id },
    data: { status: exhausted ? 'dead' : 'failed', errorCode: code, error: error.slice(0, 500), attempts: { increment: 1 } },
  })
  desk.metrics.deliveries.inc({ channel, status: exhausted ? 'dead' : 'failed' })
  desk.logger.warn({ deliveryId: id, code, exhausted }, 'delivery failed')
  return exhausted ? 'dead' : 'failed'
}
