import { randomUUID } from 'node:crypto'
import type { Channel } from '../channels/types.ts'
import type { Tx } from '../db/client.ts'
import type { OutboxJob } from '../generated/prisma/client.ts'
import { jobIds } from '../queue/jobs.ts'
import { stageJob } from '../queue/outbox.ts'

export type WorkerNotice = {
  workerId: string
  /** The channel to answer on: the one the worker wrote from (Ticket.channel). */
  channel: Channel | string
  ticketId?: string
  text: string
  /** cadre_reply | step_notice | deferred_reply | satisfaction | callback | job_posting … */
  purpose: string
  authorCadreId?: string
  at: Date
}

/**
 * Queue a message to a worker, in the caller's transaction: the outbound Message (the
 * text, on the ticket's record), its Delivery (status, attempts, errors) and the outbox
 * job that will send it. Everything the desk says to a worker goes through here, so
 * every send is recorded and retried the same way.
 */
export async function stageWorkerMessage(tx: Tx, notice: WorkerNotice): Promise<{ deliveryId: string; job: OutboxJob }> {
  const message = await tx.message.create({
    data: {
      channel: notice.channel, externalId: `out-${randomUUID()}`, direction: 'out', text: notice.text,
      workerId: notice.workerId, ticketId: notice.ticketId ?? null, authorCadreId: notice.authorCadreId ?? null, createdAt: notice.at,
    },
  })
  const delivery = await tx.delivery.create({
    data: {
      channel: notice.channel, workerId: notice.workerId, ticketId: notice.ticketId ?? null, messageId: message.id,
      purpose: notice.purpose, createdAt: notice.at,
    },
  })
  const job = await stageJob(tx, {
    queue: 'outbound', name: notice.purpose, jobId: jobIds.outbound(delivery.id), payload: { deliveryId: delivery.id }, runAt: notice.at,
  })
  return { deliveryId: delivery.id, job }
}
