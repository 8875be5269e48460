import { sqlOf } from '../../db/sql.ts'
import { inTransaction } from '../../db/transaction.ts'
import { flushOutbox } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { stageWorkerMessage } from '../messaging/index.ts'
import { openNow } from './postings.ts'
import { digestText } from './words.ts'

/** Waiting pushes looked at per digest: more than a chat can show, so the count is right and the board has the rest. */
const DIGEST_READ = 50

/**
 * The worker wrote again, so WeChat's window is open: the job pushes that waited for it go
 * out now, as one message rather than one each (they would use up the 5 messages the case
 * needs). Only postings still open are listed; the others are marked stopped. Intake calls
 * this after it commits; the pushes are claimed (waiting → digest) in the transaction that
 * stages the message, so two messages at once send one digest.
 */
export async function releaseJobDigest(desk: Desk, workerId: string, channel: string): Promise<number> {
  // Asked after every message a worker sends, and nearly always empty: a plain-SQL look first (db/sql.ts).
  const any = await sqlOf(desk.db).selectFrom('JobPush').select('postingId').where('workerId', '=', workerId).where('channel', '=', channel).where('status', '=', 'waiting').limit(1).executeTakeFirst()
  if (!any) return 0
  const waiting = await desk.db.jobPush.findMany({
    where: { workerId, channel, status: 'waiting' }, include: { posting: true }, orderBy: { createdAt: 'desc' }, take: DIGEST_READ,
  })
  if (waiting.length === 0) return 0
  const now = desk.now()
  const open = await desk.db.jobPosting.findMany({ where: { AND: [{ id: { in: waiting.map((w) => w.postingId) } }, openNow(now)] }, select: { id: true } })
  const openIds = new Set(open.map((p) => p.id))
  const job = await inTransaction(desk.db, async (tx) => {
    const stale = waiting.filter((w) => !openIds.has(w.postingId)).map((w) => w.postingId)
    if (stale.length) await tx.jobPush.updateMany({ where: { workerId, postingId: { in: stale }, status: 'waiting' }, data: { status: 'stopped' } })
    const fresh = waiting.filter((w) => openIds.has(w.postingId))
    if (fresh.length === 0) return null
    const { count } = await tx.jobPush.updateMany({ where: { workerId, postingId: { in: fresh.map((w) => w.postingId) }, status: 'waiting' }, data: { status: 'digest', via: 'digest', sentAt: now } })
    // Another message's release took them first.
    if (count !== fresh.length) throw new DigestTaken()
    const staged = await stageWorkerMessage(tx, { workerId, channel, text: digestText(desk, fresh.map((w) => w.posting)), purpose: 'job_digest', at: now })
    await tx.jobPush.updateMany({ where: { workerId, postingId: { in: fresh.map((w) => w.postingId) } }, data: { deliveryId: staged.deliveryId } })
    return { staged, count: fresh.length }
  }).catch((err) => {
    if (err instanceof DigestTaken) return null
    throw err
  })
  if (!job) return 0
  await flushOutbox(desk, [job.staged.job])
  return job.count
}

class DigestTaken extends Error {}
