import type { Job } from 'bullmq'
import { deliveryQueueOf, deliveryQueues } from '../../channels/catalog.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import type { WorkerDesk } from '../desk.ts'
import { SENDING_STALE_MS } from './sending-claim.ts'

/**
 * A pending delivery younger than this is left alone: its job may still be on its way to
 * Redis (the outbox relay waits OUTBOX_RELAY_GRACE_MS, seconds, before it steps in).
 */
export const DELIVERY_GRACE_MS = 2 * 60_000

/** Job states in which a job will still run (or is running). */
const LIVE_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'] as const
const BATCH = 500

/**
 * The database says what still has to be sent; Redis may have lost the job that would send
 * it (lost data, a failover, a job removed by hand, a job that failed while the row stayed
 * pending). Run by the reconciler: every delivery that is `pending` and untouched for the
 * grace period, or `sending` with a claim gone stale (see sending-claim.ts), and that has no
 * live job, gets a new one, on its channel's queue (deliveryQueueOf). A delivery can have had several jobs (`out-<id>`, a release's
 * `out-<id>-r<ts>`, an earlier pass's `out-<id>-c<ts>`): the plain id is checked first, then,
 * for what is left, one scan of the send queues' live jobs. The new job has an id of
 * its own (`out-<id>-c<ts>`, ts the row's last change), since a finished job may still hold
 * the plain one.
 *
 * A job added next to one the pass missed is harmless: deliver() claims before it sends,
 * so the second job finds the delivery sent or claimed and stands down.
 */
export async function reconcileDeliveries(desk: WorkerDesk, opts: { graceMs?: number } = {}): Promise<{ requeued: number }> {
  const now = desk.now().getTime()
  const quietSince = new Date(now - (opts.graceMs ?? DELIVERY_GRACE_MS))
  const staleSince = new Date(now - SENDING_STALE_MS)
  const wanted: Prisma.DeliveryWhereInput = { OR: [{ status: 'pending', updatedAt: { lte: quietSince } }, { status: 'sending', updatedAt: { lte: staleSince } }] }
  let requeued = 0
  let liveElsewhere: Set<string> | undefined
  for (let cursor: string | undefined; ; ) {
    const rows = await desk.db.delivery.findMany({
      where: wanted, select: { id: true, channel: true, purpose: true, updatedAt: true }, orderBy: { id: 'asc' }, take: BATCH, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    })
    if (rows.length === 0) break
    cursor = rows.at(-1)!.id
    const plainLive = await Promise.all(rows.map((r) => isLive(desk, r.channel, jobIds.outbound(r.id))))
    let orphans = rows.filter((_, i) => !plainLive[i])
    if (orphans.length > 0) {
      liveElsewhere ??= await deliveriesWithLiveJobs(desk)
      const queued = await stillInOutbox(desk, orphans.map((r) => r.id))
      orphans = orphans.filter((r) => !liveElsewhere!.has(r.id) && !queued.has(r.id))
    }
    for (const row of orphans) if (await requeue(desk, row, wanted)) requeued++
    if (rows.length < BATCH) break
  }
  if (requeued) desk.logger.info({ requeued }, 'reconciler gave deliveries without a job a new one')
  return { requeued }
}

/**
 * The new job's id is named after the row's last change, so two passes that find the same
 * lost job (two processes starting at once, a scheduled pass beside a start-up one) add one
 * job. A finished job under that id (it failed without touching the row) makes way for a new one.
 */
async function requeue(desk: WorkerDesk, row: { id: string; channel: string; purpose: string; updatedAt: Date }, wanted: Prisma.DeliveryWhereInput): Promise<boolean> {
  // Looked at once more: a job may have sent it while the pass ran.
  if ((await desk.db.delivery.count({ where: { id: row.id, updatedAt: row.updatedAt, ...wanted } })) === 0) return false
  const jobId = `${jobIds.outbound(row.id)}-c${row.updatedAt.getTime()}`
  const queue = desk.queues[deliveryQueueOf(row.channel)]
  const earlier = await queue.getJob(jobId)
  if (earlier && (LIVE_STATES as readonly string[]).includes(await earlier.getState())) return false
  if (earlier) await earlier.remove().catch(() => {})
  await queue.add(row.purpose, { deliveryId: row.id }, { jobId })
  return true
}

async function isLive(desk: WorkerDesk, channel: string, jobId: string): Promise<boolean> {
  const job = await desk.queues[deliveryQueueOf(channel)].getJob(jobId)
  return job ? (LIVE_STATES as readonly string[]).includes(await job.getState()) : false
}

/** The deliveries some job in a send queue will still run for, whatever its id. */
async function deliveriesWithLiveJobs(desk: WorkerDesk): Promise<Set<string>> {
  const ids = new Set<string>()
  for (const queue of deliveryQueues) {
    for (const state of ['wait', 'delayed', 'active', 'prioritized', 'waiting-children'] as const) {
      for (let start = 0; ; start += 1000) {
        const page: Job[] = await desk.queues[queue].getJobs([state], start, start + 999)
        for (const job of page) if (typeof job?.data?.deliveryId === 'string') ids.add(job.data.deliveryId as string)
        if (page.length < 1000) break
      }
    }
  }
  return ids
}

/** Deliveries with a send job staged but not yet in Redis: the outbox relay will put it there. */
async function stillInOutbox(desk: WorkerDesk, deliveryIds: string[]): Promise<Set<string>> {
  const staged = await desk.db.outboxJob.findMany({
    where: { queue: { in: [...deliveryQueues] }, enqueuedAt: null, OR: deliveryIds.map((id) => ({ jobId: { startsWith: jobIds.outbound(id) } })) },
    select: { jobId: true },
  })
  return new Set(deliveryIds.filter((id) => staged.some((s) => s.jobId === jobIds.outbound(id) || s.jobId.startsWith(`${jobIds.outbound(id)}-`))))
}
