import { inTransaction } from '../../db/transaction.ts'
import type { Delivery } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'

/**
 * How long a claim (status `sending`) protects a send. It must outlast the longest live
 * send: the token lock wait, the token fetch, the call, a refused token's refetch and the
 * repeated call, each bounded by the client's timeout (well under a minute in all).
 */
export const SENDING_STALE_MS = 2 * 60_000

/** The timeline event of a send that may have reached the worker twice; one per delivery. */
export const POSSIBLE_DUPLICATE = 'delivery.possible_duplicate'
export const possibleDuplicateKey = (deliveryId: string) => `delivery-duplicate-${deliveryId}`

export type Claim = { held: true; reclaimed: boolean } | { held: false; status: 'sent' | 'dead' | 'in_flight' }

/**
 * Takes the right to send a delivery, before anything goes to the channel: one UPDATE from
 * any state but sent, dead or sending to `sending`, so of two jobs for one delivery exactly
 * one sends. `updatedAt` is when the claim was taken (by the desk's clock).
 *
 * The rule for a claim left behind. A row still `sending` after SENDING_STALE_MS belongs to
 * a process that died (or lost its database) between claiming and recording the outcome,
 * and nobody can tell whether the channel took the message before that. A cadre's answer
 * must not vanish, so it is sent again: the next job to find it (a stalled job BullMQ runs
 * again, one the outbound worker put back to look later, or one the reconciler adds) takes
 * the claim over, and the ticket's timeline gets a `delivery.possible_duplicate` event
 * (once per delivery) so a cadre can see the worker may have got it twice. WeChat's template
 * messages carry the delivery id as client_msg_id and are dropped by WeChat when repeated;
 * customer-service texts have no such key, so for them a duplicate is possible.
 */
export async function claimDelivery(desk: Desk, d: Delivery): Promise<Claim> {
  const now = desk.now()
  const fresh = await desk.db.delivery.updateMany({
    where: { id: d.id, status: { notIn: ['sent', 'dead', 'sending'] } },
    data: { status: 'sending', updatedAt: now },
  })
  if (fresh.count === 1) return { held: true, reclaimed: false }

  const staleBefore = new Date(now.getTime() - SENDING_STALE_MS)
  const reclaimed = await inTransaction(desk.db, async (tx) => {
    const stale = await tx.delivery.updateMany({ where: { id: d.id, status: 'sending', updatedAt: { lte: staleBefore } }, data: { updatedAt: now } })
    if (stale.count === 0) return false
    const left = await tx.delivery.findUniqueOrThrow({ where: { id: d.id }, select: { ticketId: true } })
    if (left.ticketId) {
      const data = JSON.stringify({ deliveryId: d.id, channel: d.channel, purpose: d.purpose, claimedAt: d.updatedAt.toISOString() })
      await tx.ticketEvent.upsert({
        where: { dedupeKey: possibleDuplicateKey(d.id) },
        create: { ticketId: left.ticketId, type: POSSIBLE_DUPLICATE, actor: 'system', data, dedupeKey: possibleDuplicateKey(d.id), createdAt: now },
        update: {},
      })
    }
    return true
  })
  if (reclaimed) {
    desk.logger.warn({ deliveryId: d.id, channel: d.channel, claimedAt: d.updatedAt }, 'took over a send a stopped process left claimed; sending again, flagged as a possible duplicate')
    return { held: true, reclaimed: true }
  }
  const current = await desk.db.delivery.findUnique({ where: { id: d.id }, select: { status: true } })
  return { held: false, status: current?.status === 'sent' || current?.status === 'dead' ? current.status : 'in_flight' }
}

/** Gives a claim back (nothing reached the channel): the next attempt needs no grace period. */
export async function releaseClaim(desk: Desk, deliveryId: string): Promise<void> {
  await desk.db.delivery.updateMany({ where: { id: deliveryId, status: 'sending' }, data: { status: 'pending' } })
}
