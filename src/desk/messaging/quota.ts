import { z } from 'zod'

/**
 * How often one send may wait for a channel's quota to reset before it is dead-lettered
 * (status dead, with the reason in its error). A daily quota (WeChat 45009, until midnight
 * in China) gets three midnights; a per-minute limit (45011) half an hour of minutes. A
 * quota that does not come back by then needs an operator, not another day of waiting.
 */
export const QUOTA_WAIT_LIMITS = { daily: 3, short: 30 } as const
export type QuotaWaitKind = keyof typeof QUOTA_WAIT_LIMITS

/** The waits one send has had so far, by kind: the outbound worker keeps them on its job. */
export const QuotaWaits = z.object({ daily: z.number().int().min(0).optional(), short: z.number().int().min(0).optional() })
export type QuotaWaits = z.infer<typeof QuotaWaits>

/**
 * What a wait is for, from how long it is: channels say when trying again can work
 * (SendError.retryAt), not which quota they hit. Past a few minutes it is a daily quota:
 * WeChat's 45011 asks for a minute, its 45009 for at least five (midnight in China plus a
 * spread, even at 23:59).
 */
export const quotaWaitKind = (retryAt: Date, now: Date): QuotaWaitKind => (retryAt.getTime() - now.getTime() > 3 * 60_000 ? 'daily' : 'short')

/** The waits after one more of the kind `retryAt` asks for. */
export const afterOneMoreWait = (waits: QuotaWaits, retryAt: Date, now: Date): QuotaWaits => {
  const kind = quotaWaitKind(retryAt, now)
  return { ...waits, [kind]: (waits[kind] ?? 0) + 1 }
}
