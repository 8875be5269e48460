import { sqlOf } from '../../db/sql.ts'
import { deliveryQueueOf } from '../../channels/catalog.ts'
import { inTransaction } from '../../db/transaction.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox, stageJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'

/**
 * The worker wrote again, so the channel's window is open: everything deferred for them
 * on that channel goes out now. Intake calls this after it commits, for every channel.
 */
export async function releaseDeferred(desk: Desk, workerId: string, channel: string): Promise<number> {
  // Plain SQL (db/sql.ts): asked after every message a worker sends; nearly always empty.
  const deferred = await sqlOf(desk.db).selectFrom('Delivery').select('id').where('workerId', '=', workerId).where('channel', '=', channel).where('status', '=', 'deferred').execute()
  if (deferred.length === 0) return 0
  const rows = await inTransaction(desk.db, async (tx) => {
    const staged = []
    for (const d of deferred) {
      // Claimed one by one and only while still deferred: two messages from the worker at once release each delivery once.
      const { count } = await tx.delivery.updateMany({ where: { id: d.id, status: 'deferred' }, data: { status: 'pending' } })
      if (count === 0) continue
      // A fresh job id per release: the earlier job with the plain id already completed.
      staged.push(
        await stageJob(tx, { queue: deliveryQueueOf(channel), name: 'released', jobId: `${jobIds.outbound(d.id)}-r${Date.now()}`, payload: { deliveryId: d.id }, runAt: desk.now() }),
      )
    }
    return staged
  })
  await flushOutbox(desk, rows)
  return rows.length
}
