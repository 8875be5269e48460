import type { Db } from '../../db/client.ts'

/** What a cadre sees for a posting's push: every planned push is in exactly one of these. */
export type PushStats = { matched: number; sent: number; waiting: number; unreachable: number; failed: number; unsubscribed: number; stopped: number }

/**
 * Counts a posting's pushes by what became of them. A digest counts as sent once its
 * message left, as waiting before, as failed if the message failed; `unknown` (a process
 * died mid-send; not sent again) counts as failed, since nobody can say it arrived.
 */
export async function pushStats(db: Db, postingId: string): Promise<PushStats> {
  const [byStatus, digests] = await Promise.all([
    db.jobPush.groupBy({ by: ['status'], where: { postingId }, _count: { _all: true } }),
    db.$queryRaw<{ status: string; n: number | bigint }[]>`
      SELECT d."status" AS status, COUNT(*) AS n FROM "JobPush" p JOIN "Delivery" d ON d."id" = p."deliveryId"
      WHERE p."postingId" = ${postingId} AND p."status" = 'digest' GROUP BY d."status"`,
  ])
  const s: PushStats = { matched: 0, sent: 0, waiting: 0, unreachable: 0, failed: 0, unsubscribed: 0, stopped: 0 }
  for (const row of byStatus) {
    const n = row._count._all
    s.matched += n
    switch (row.status) {
      case 'sent': s.sent += n; break
      case 'planned': case 'sending': case 'waiting': s.waiting += n; break
      case 'unreachable': s.unreachable += n; break
      case 'failed': case 'unknown': s.failed += n; break
      case 'unsubscribed': s.unsubscribed += n; break
      case 'stopped': s.stopped += n; break
      case 'digest': break
    }
  }
  for (const d of digests) {
    const n = Number(d.n)
    if (d.status === 'sent') s.sent += n
    else if (d.status === 'failed' || d.status === 'dead') s.failed += n
    else s.waiting += n
  }
  return s
}
