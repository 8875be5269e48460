import { SendError, type SendOutcome } from '../../channels/types.ts'
import type { Delivery } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { claimDelivery, releaseClaim } from './sending-claim.ts'
import { QUOTA_WAIT_LIMITS, quotaWaitKind, type QuotaWaits } from './quota.ts'
import { windowSendsSince } from './window.ts'

/** in_flight: another send holds the claim on this delivery (see sending-claim.ts); nothing was done. */
export type DeliveryOutcome = 'sent' | 'deferred' | 'failed' | 'dead' | 'missing' | 'in_flight'

export type DeliveryAttempt = {
  /** The queue's last attempt: a retryable failure now is final (dead). */
  isLast: boolean
  /** How often this send already waited for a channel's quota (kept by the outbound worker on its job). */
  quotaWaits?: QuotaWaits
}

/**
 * Sends one Delivery on its channel and records what happened. Re-reads the row first,
 * so a repeated job never sends twice. What the channel can do comes from the registry:
 * an inbox channel (the web portal) keeps the message on the ticket for the worker to read,
 * which is its delivery; a push channel needs its sender, and a process without one leaves
 * the delivery for a process that has it (retried, never marked sent).
 *
 * A push send is claimed first (status `sending`), so two jobs for one delivery send it
 * once; a claim left behind by a process that died is taken over by the rule in
 * sending-claim.ts (sent again, flagged on the timeline as a possible duplicate).
 * Throws only for retryable failures; BullMQ retries with backoff.
 */
export async function deliver(desk: Desk, deliveryId: string, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
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
    return retryOrFail(desk, d, e, attempt, { claimed: false })
  }
  const claim = await claimDelivery(desk, d)
  if (claim.held === false) return claim.status

  let request: Parameters<typeof sender.send>[0]
  try {
    const [worker, identity, message] = await Promise.all([
      desk.db.worker.findUnique({ where: { id: d.workerId }, select: { unsubscribedAt: true } }),
      desk.db.channelIdentity.findFirst({ where: { workerId: d.workerId, channel: d.channel }, orderBy: { lastInboundAt: 'desc' } }),
      d.messageId ? desk.db.message.findUnique({ where: { id: d.messageId }, select: { text: true } }) : null,
    ])
    if (!identity || !message) return await fail(desk, d, 'no_identity', 'the worker has no identity on this channel', false)
    if (worker?.unsubscribedAt && spec.honoursUnsubscribe) return await fail(desk, d, 'unsubscribed', `the worker turned off ${spec.label}`, false)
    const used = spec.replyWindow
      ? await windowSendsSince(desk.db, { workerId: d.workerId, channel: d.channel, via: spec.replyWindow.via, since: identity.lastInboundAt })
      : null
    const sentSinceInbound = used ? used.messages + used.jobPushes : 0
    request = {
      deliveryId: d.id, externalUserId: identity.externalId, text: message.text, purpose: d.purpose,
      window: desk.channels.windowState(d.channel, identity.lastInboundAt, sentSinceInbound, desk.now()),
    }
  } catch (err) {
    // Nothing left for the channel yet: give the claim back, so the retry needs no grace period.
    await releaseClaim(desk, d.id).catch(() => {})
    throw err
  }

  let outcome: SendOutcome
  try {
    outcome = await sender.send(request)
  } catch (err) {
    const e = err instanceof SendError ? err : new SendError((err as Error).message, 'unexpected', true)
    return retryOrFail(desk, d, e, attempt, { claimed: true })
  }
  // The channel has it. Should recording that fail, the row stays `sending` and the stale-claim
  // rule sends it again and flags it: never put it back to pending here, that would resend unflagged.
  if (outcome.status === 'sent') {
    await desk.db.delivery.update({ where: { id: d.id }, data: { status: 'sent', via: outcome.via, sentAt: desk.now(), attempts: { increment: 1 }, errorCode: null, error: null } })
  } else {
    await desk.db.delivery.update({ where: { id: d.id }, data: { status: 'deferred', attempts: { increment: 1 }, error: outcome.reason } })
  }
  desk.metrics.deliveries.inc({ channel: d.channel, status: outcome.status })
  return outcome.status
}

/**
 * A retryable failure is recorded and thrown for the queue to retry (with e.retryAt, the
 * outbound worker waits until then instead of backing off); the claim goes back to
 * pending. A send that already waited its ceiling for the channel's quota is dead instead.
 */
async function retryOrFail(desk: Desk, d: Delivery, e: SendError, attempt: DeliveryAttempt, opts: { claimed: boolean }): Promise<DeliveryOutcome> {
  if (e.retryAt && e.retryable) {
    const kind = quotaWaitKind(e.retryAt, desk.now())
    const waited = attempt.quotaWaits?.[kind] ?? 0
    if (waited >= QUOTA_WAIT_LIMITS[kind]) {
      const why = `still over the channel's ${kind === 'daily' ? 'daily' : 'per-minute'} quota after waiting for it to reset ${waited} times; given up (${e.message})`
      return fail(desk, d, e.code, why, true)
    }
  }
  if (!e.retryable || (attempt.isLast && !e.retryAt)) return fail(desk, d, e.code, e.message, attempt.isLast && e.retryable)
  await desk.db.delivery.update({
    where: { id: d.id },
    data: { attempts: { increment: 1 }, errorCode: e.code, error: e.message.slice(0, 500), ...(opts.claimed ? { status: 'pending' } : {}) },
  })
  throw e
}

async function fail(desk: Desk, d: Delivery, code: string, error: string, exhausted: boolean): Promise<DeliveryOutcome> {
  await desk.db.delivery.update({
    where: { id: d.id },
    data: { status: exhausted ? 'dead' : 'failed', errorCode: code, error: error.slice(0, 500), attempts: { increment: 1 } },
  })
  desk.metrics.deliveries.inc({ channel: d.channel, status: exhausted ? 'dead' : 'failed' })
  desk.logger.warn({ deliveryId: d.id, code, exhausted }, 'delivery failed')
  return exhausted ? 'dead' : 'failed'
}
