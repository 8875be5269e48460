import type { Db, Tx } from '../../db/client.ts'
import type { JobSubscription, JobSubscriptionTerm } from '../../generated/prisma/client.ts'
import { parseSubscriptionRequest, regionByCode, type SubscriptionRequest } from './matching/index.ts'

/** Enough for a trade or two in a place or two; more is a sign of a script, or of a worker better served by the board. */
export const MAX_SUBSCRIPTIONS = 5

export type SubscribeOutcome =
  | { kind: 'subscribed'; subscription: JobSubscription & { terms: JobSubscriptionTerm[] }; what: string }
  | { kind: 'same'; what: string }
  | { kind: 'limit' }
  | { kind: 'help' }
  | { kind: 'unclear'; unknownWords: string[] }

/** How a subscription reads back to the worker: 叉车司机｜舟山市｜5000元以上. */
export function describeSubscription(s: Pick<JobSubscription, 'keywords' | 'anyTrade' | 'regionCode' | 'payFloor'>): string {
  const region = s.regionCode ? regionByCode(s.regionCode) : null
  return [s.anyTrade ? '不限工种' : s.keywords, region ? region.fullName : '不限地方', s.payFloor ? `${s.payFloor}元以上` : null].filter(Boolean).join('｜')
}

/**
 * Subscribes a worker to what they asked for, on the channel they asked from, in the
 * caller's transaction. Nothing is stored for a request that names neither a trade nor a
 * place (the worker is shown how to ask), nor for one that repeats a subscription they have.
 */
export async function subscribe(tx: Tx, input: { workerId: string; channel: string; request: SubscriptionRequest; at: Date }): Promise<SubscribeOutcome> {
  const r = input.request
  // Words it could not read, and no trade among them: a place alone would widen it to every trade, which is not what they asked.
  if (r.terms.length === 0 && r.unknownWords.length > 0) return { kind: 'unclear', unknownWords: r.unknownWords }
  if (r.terms.length === 0 && !r.region && r.payFloor === null) return { kind: 'help' }
  const active = await tx.jobSubscription.findMany({ where: { workerId: input.workerId, endedAt: null }, include: { terms: true } })
  const terms = [...new Set(r.terms)].sort()
  const anyTrade = terms.length === 0
  const fields = { keywords: anyTrade ? '' : r.keywords.slice(0, 60), anyTrade, regionCode: r.region?.code ?? null, payFloor: r.payFloor }
  const same = active.find((s) =>
    s.channel === input.channel && s.anyTrade === anyTrade && s.regionCode === fields.regionCode && s.payFloor === fields.payFloor &&
    s.terms.map((t) => t.term).sort().join(' ') === terms.join(' '))
  if (same) return { kind: 'same', what: describeSubscription(same) }
  if (active.length >= MAX_SUBSCRIPTIONS) return { kind: 'limit' }
  const subscription = await tx.jobSubscription.create({
    data: { workerId: input.workerId, channel: input.channel, ...fields, createdAt: input.at, terms: { create: terms.map((term) => ({ term })) } },
    include: { terms: true },
  })
  return { kind: 'subscribed', subscription, what: describeSubscription(subscription) }
}

export const subscribeFromText = (tx: Tx, input: { workerId: string; channel: string; text: string; at: Date }) =>
  subscribe(tx, { ...input, request: parseSubscriptionRequest(input.text) })

export type UnsubscribeOutcome = { kind: 'unsubscribed'; all: boolean; what: string } | { kind: 'none'; asked: string }

/**
 * Ends subscriptions: all of them, or those that match what the worker named (退订 电工).
 * Pushes planned for them and not yet sent stop at once, in the same transaction.
 */
export async function unsubscribe(tx: Tx, input: { workerId: string; text?: string; subscriptionId?: string; at: Date }): Promise<UnsubscribeOutcome> {
  const active = await tx.jobSubscription.findMany({ where: { workerId: input.workerId, endedAt: null }, include: { terms: true } })
  const asked = input.text ? parseSubscriptionRequest(input.text) : null
  const named = asked && (asked.terms.length > 0 || asked.region)
  const chosen = input.subscriptionId
    ? active.filter((s) => s.id === input.subscriptionId)
    : named
      ? active.filter((s) => (asked.terms.length === 0 || s.terms.some((t) => asked.terms.includes(t.term))) && (!asked.region || s.regionCode === asked.region.code))
      : active
  if (chosen.length === 0) return { kind: 'none', asked: named ? asked.keywords || asked.region?.name || '' : '' }
  const ids = chosen.map((s) => s.id)
  await tx.jobSubscription.updateMany({ where: { id: { in: ids }, endedAt: null }, data: { endedAt: input.at } })
  await tx.jobPush.updateMany({ where: { workerId: input.workerId, subscriptionId: { in: ids }, status: { in: ['planned', 'waiting'] } }, data: { status: 'unsubscribed' } })
  const all = chosen.length === active.length
  return { kind: 'unsubscribed', all, what: chosen.map(describeSubscription).join('；') }
}

export const activeSubscriptions = (db: Db | Tx, workerId: string) =>
  db.jobSubscription.findMany({ where: { workerId, endedAt: null }, orderBy: { createdAt: 'asc' } })
