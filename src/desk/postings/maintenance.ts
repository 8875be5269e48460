import type { WorkerDesk } from '../desk.ts'
import { postingJobIds } from './jobs.ts'
import { settleStalePushes } from './push.ts'

/** A fan-out or push page untouched this long with no live job lost it (Redis lost data, a job removed by hand). */
export const POSTING_JOB_GRACE_MS = 5 * 60_000

/**
 * The reconciler's part for job postings: settles claims a dead process left (unknown,
 * never re-sent), and gives a fan-out page or a push page whose job is gone a new one. Both
 * steps re-read the database, so a page requeued next to a live job does nothing twice.
 */
export async function reconcilePostings(desk: WorkerDesk): Promise<{ settled: number; requeued: number }> {
  const settled = await settleStalePushes(desk)
  const now = desk.now()
  const before = new Date(now.getTime() - POSTING_JOB_GRACE_MS)
  const queue = desk.queues.postings
  // Any job for the step, whatever its id (the first one, or one an earlier pass added), counts.
  const live = new Set(
    (await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'])).map((j) => {
      const d = j.data as { postingId?: string; step?: string; page?: number }
      return `${d.step}:${d.postingId}:${d.page}`
    }),
  )
  const isLive = async (step: 'fanout' | 'push', postingId: string, page: number) => live.has(`${step}:${postingId}:${page}`)
  let requeued = 0
  const stamp = now.getTime()
  const fanouts = await desk.db.jobPosting.findMany({
    where: { status: 'open', validUntil: { gt: now }, fanoutDoneAt: null, updatedAt: { lte: before } }, select: { id: true, fanoutPage: true },
  })
  for (const p of fanouts) {
    if (await isLive('fanout', p.id, p.fanoutPage)) continue
    await queue.add('fanout', { postingId: p.id, step: 'fanout', page: p.fanoutPage }, { jobId: `${postingJobIds.fanout(p.id, p.fanoutPage)}-c${stamp}` })
    requeued++
  }
  const pages = await desk.db.jobPush.groupBy({ by: ['postingId', 'batch'], where: { status: 'planned', updatedAt: { lte: before } } })
  for (const p of pages) {
    if (await isLive('push', p.postingId, p.batch)) continue
    await queue.add('push', { postingId: p.postingId, step: 'push', page: p.batch }, { jobId: `${postingJobIds.push(p.postingId, p.batch)}-c${stamp}` })
    requeued++
  }
  if (settled || requeued) desk.logger.info({ settled, requeued }, 'reconciler settled job pushes')
  return { settled, requeued }
}
