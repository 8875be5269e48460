import { inTransaction } from '../../db/transaction.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { flushOutbox, stageJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { postingJobIds } from './jobs.ts'
import { regionAncestors } from './matching/index.ts'
import { isOpen } from './postings.ts'

export type FanoutStep = { planned: number; done: boolean } | { skipped: 'not_open' | 'not_this_page' | 'missing' }

/**
 * Plans one page of a posting's push: reads the next JOB_FANOUT_PAGE matching subscriptions
 * (after the last one read), writes a JobPush per subscriber, and stages that page's push
 * job and the next page, all in one transaction with the posting's progress.
 *
 * Safe to repeat: the posting records the page it is at, so a page already planned (a
 * repeated job, a restart) does nothing; and (postingId, workerId) is JobPush's key, so a
 * worker with two matching subscriptions, or met again, gets one push, ever.
 *
 * The match is the matcher's rule in SQL (src/desk/postings/matching: subscriptionMatches):
 * a term in the posting's terms, the region one of the posting's region or those around
 * it, the pay floor under the posting's top pay.
 */
export async function planFanoutPage(desk: Desk, postingId: string, page: number): Promise<FanoutStep> {
  const now = desk.now()
  const posting = await desk.db.jobPosting.findUnique({ where: { id: postingId } })
  if (!posting) return { skipped: 'missing' }
  if (posting.fanoutPage !== page || posting.fanoutDoneAt) return { skipped: 'not_this_page' }
  if (!isOpen(posting, now)) return { skipped: 'not_open' }

  const terms = posting.terms.trim().split(/\s+/).filter(Boolean)
  const top = posting.payMax ?? posting.payMin
  const byTrade = terms.length
    ? Prisma.sql`(s."anyTrade" = ${true} OR EXISTS (SELECT 1 FROM "JobSubscriptionTerm" t WHERE t."subscriptionId" = s."id" AND t."term" IN (${Prisma.join(terms)})))`
    : Prisma.sql`s."anyTrade" = ${true}`
  const byPay = top === null ? Prisma.empty : Prisma.sql`AND (s."payFloor" IS NULL OR s."payFloor" <= ${top})`
  const size = desk.config.JOB_FANOUT_PAGE
  const rows = await desk.db.$queryRaw<{ id: string }[]>`
    SELECT s."id" FROM "JobSubscription" s
    WHERE s."endedAt" IS NULL AND s."id" > ${posting.fanoutCursor ?? ''}
      AND (s."regionCode" IS NULL OR s."regionCode" IN (${Prisma.join(regionAncestors(posting.regionCode))}))
      ${byPay}
      AND ${byTrade}
    ORDER BY s."id" LIMIT ${size}`
  const ids = rows.map((r) => r.id)
  const last = ids.at(-1)
  const done = ids.length < size

  const staged = await inTransaction(desk.db, async (tx) => {
    // The page is this job's only if the posting is still at it: another run of the same page loses here.
    const moved = await tx.jobPosting.updateMany({
      where: { id: postingId, fanoutPage: page },
      data: { fanoutPage: page + 1, fanoutCursor: last ?? posting.fanoutCursor, ...(done ? { fanoutDoneAt: now } : {}) },
    })
    if (moved.count === 0) return null
    if (ids.length === 0) return []
    await tx.$executeRaw`
      INSERT INTO "JobPush" ("postingId", "workerId", "subscriptionId", "channel", "batch", "status", "createdAt", "updatedAt")
      SELECT ${postingId}, s."workerId", s."id", s."channel", ${page}, 'planned', ${now}, ${now}
      FROM "JobSubscription" s WHERE s."id" IN (${Prisma.join(ids)})
      ON CONFLICT DO NOTHING`
    const jobs = [await stageJob(tx, { queue: 'postings', name: 'push', jobId: postingJobIds.push(postingId, page), payload: { postingId, step: 'push', page }, runAt: now })]
    if (!done) jobs.push(await stageJob(tx, { queue: 'postings', name: 'fanout', jobId: postingJobIds.fanout(postingId, page + 1), payload: { postingId, step: 'fanout', page: page + 1 }, runAt: now }))
    return jobs
  })
  if (staged === null) return { skipped: 'not_this_page' }
  await flushOutbox(desk, staged)
  return { planned: ids.length, done }
}
