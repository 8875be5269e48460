import { deliveryQueueOf } from '../../channels/catalog.ts'
import type { Channel } from '../../channels/types.ts'
import type { Tx } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { OutboxJob } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox, stageJob } from '../../queue/outbox.ts'
import { detectScript, inScript } from '../../text/script.ts'
import type { ReplyName, ReplyView } from '../../text/templates.ts'
import type { Desk } from '../desk.ts'

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
      channel: notice.channel, externalId: `out-${crypto.randomUUID()}`, direction: 'out', text: notice.text,
      workerId: notice.workerId, ticketId: notice.ticketId ?? null, authorCadreId: notice.authorCadreId ?? null, createdAt: notice.at,
    },
  })
  const delivery = await tx.delivery.create({
    data: {
      channel: notice.channel, workerId: notice.workerId, ticketId: notice.ticketId ?? null, messageId: message.id,
      purpose: notice.purpose, createdAt: notice.at,
    },
  })
  // On the queue of the channel's sender: the shared 'outbound', or one only the channel's own process consumes (the bot's).
  const job = await stageJob(tx, {
    queue: deliveryQueueOf(notice.channel), name: notice.purpose, jobId: jobIds.outbound(delivery.id), payload: { deliveryId: delivery.id }, runAt: notice.at,
  })
  return { deliveryId: delivery.id, job }
}

/** Renders a reply template in the script the worker wrote the ticket in. */
export async function inWorkersScript<N extends ReplyName>(tx: Tx, desk: Pick<Desk, 'replies'>, ticketId: string, name: N, view: ReplyView<N>): Promise<string> {
  const first = await tx.message.findFirst({ where: { ticketId, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { text: true } })
  return inScript(desk.replies.render(name, view), detectScript(first?.text ?? ''))
}

/**
 * The answer to a message the desk could not give at once (WeChat's 5 seconds ran out, or
 * the process died and the intake queue finished the message): sent as a message of its
 * own, on the channel the worker wrote from.
 */
export async function sendLateReply(desk: Desk, messageId: string, text: string): Promise<void> {
  const m = await desk.db.message.findUniqueOrThrow({ where: { id: messageId }, select: { workerId: true, channel: true, ticketId: true } })
  const { job } = await inTransaction(desk.db, (tx) =>
    stageWorkerMessage(tx, { workerId: m.workerId, channel: m.channel, ticketId: m.ticketId ?? undefined, text, purpose: 'deferred_reply', at: desk.now() }),
  )
  await flushOutbox(desk, [job])
}
