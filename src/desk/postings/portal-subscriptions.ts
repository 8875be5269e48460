import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { JobPosting } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { hashAccessCode, newAccessCode } from '../people/index.ts'
import { parseSubscriptionRequest } from './matching/index.ts'
import { openNow } from './postings.ts'
import { describeSubscription, subscribe, unsubscribe, type SubscribeOutcome } from './subscriptions.ts'

/** The web identity of a portal subscriber: a keyed hash of their code, nothing else about them. */
const identityOf = (desk: Pick<Desk, 'crypto'>, code: string) => `jobs-${hashAccessCode(desk.crypto, code)}`

export type PortalSubscriptionForm = { trade: string; place: string; payFloor?: number | null }

/**
 * A subscription made on the portal. The portal has no account: the subscriber gets a code
 * (shown once, kept only as a keyed hash, like a web request's access code) that opens
 * their page of matching postings, where the portal's pushes are delivered, and lets them
 * unsubscribe. No name or phone is asked for.
 */
export async function subscribeOnPortal(desk: Desk, form: PortalSubscriptionForm, code?: string): Promise<{ outcome: SubscribeOutcome; code: string | null }> {
  const request = parseSubscriptionRequest(`${form.trade} ${form.place}`)
  const withPay = form.payFloor ? { ...request, payFloor: form.payFloor } : request
  const now = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const known = code ? await tx.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'web', externalId: identityOf(desk, code) } } }) : null
    const fresh = known ? null : newAccessCode()
    const workerId = known?.workerId ?? (await tx.worker.create({ data: { createdAt: now } })).id
    if (fresh) await tx.channelIdentity.create({ data: { channel: 'web', externalId: identityOf(desk, fresh), workerId, createdAt: now, lastInboundAt: now } })
    const outcome = await subscribe(tx, { workerId, channel: 'web', request: withPay, at: now })
    // Nothing kept, nothing to open: a fresh identity without a subscription is not worth a code.
    if (fresh && outcome.kind !== 'subscribed') throw new NotSubscribed(outcome)
    return { outcome, code: fresh }
  }).catch((err) => {
    if (err instanceof NotSubscribed) return { outcome: err.outcome, code: null }
    throw err
  })
}

class NotSubscribed extends Error {
  constructor(readonly outcome: SubscribeOutcome) {
    super(outcome.kind)
  }
}

export type PortalSubscriber = {
  workerId: string
  subscriptions: { id: string; what: string }[]
  /** What was pushed to them (the portal's delivery), newest first; closed postings say so on their page. */
  pushed: JobPosting[]
}

/** A subscriber's page by their code; null for a code that opens nothing (the same answer for a wrong one and none). */
export async function portalSubscriber(desk: Pick<Desk, 'db' | 'crypto' | 'now'>, code: string): Promise<PortalSubscriber | null> {
  const identity = await desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'web', externalId: identityOf(desk, code) } } })
  if (!identity) return null
  const [subs, pushes] = await Promise.all([
    desk.db.jobSubscription.findMany({ where: { workerId: identity.workerId, endedAt: null }, orderBy: { createdAt: 'asc' } }),
    desk.db.jobPush.findMany({ where: { workerId: identity.workerId, status: 'sent' }, include: { posting: true }, orderBy: { sentAt: 'desc' }, take: 50 }),
  ])
  return { workerId: identity.workerId, subscriptions: subs.map((s) => ({ id: s.id, what: describeSubscription(s) })), pushed: pushes.map((p) => p.posting) }
}

/** Ends one of a portal subscriber's subscriptions (or all of them). */
export async function unsubscribeOnPortal(desk: Desk, code: string, subscriptionId?: string) {
  const identity = await desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'web', externalId: identityOf(desk, code) } } })
  if (!identity) return null
  return inTransaction(desk.db, (tx) => unsubscribe(tx, { workerId: identity.workerId, ...(subscriptionId ? { subscriptionId } : {}), at: desk.now() }))
}

/** Ends the subscription a push's one-tap link names (or, with `all`, every subscription of that worker). */
export async function unsubscribeByLink(desk: Desk, subscriptionId: string, all = false) {
  const sub = await desk.db.jobSubscription.findUnique({ where: { id: subscriptionId } })
  if (!sub) return null
  return inTransaction(desk.db, (tx) => unsubscribe(tx, { workerId: sub.workerId, ...(all ? {} : { subscriptionId }), at: desk.now() }))
}

export const openPostingCount = (db: Db, now: Date) => db.jobPosting.count({ where: openNow(now) })
