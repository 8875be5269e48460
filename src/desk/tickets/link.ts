import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { ticketByNumber } from './load.ts'

/**
 * A cadre links a web request to a worker the desk already knows (they called the worker
 * back and are sure it is them). It is the only way a request joins a person: a phone
 * typed on a page never does it. The request's identity moves to the worker, so what it
 * writes next is theirs too; the name and phone given on the page stay on the request's
 * own record. The step is on the timeline, with who did it.
 */
export async function linkRequester(desk: Desk, input: { number: string; workerId: string; reason: string; actor: string }) {
  const now = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const ticket = await ticketByNumber(tx, input.number)
    if (ticket.workerId === input.workerId) throw new DeskError('unchanged', `Ticket ${input.number} is already this worker's.`)
    const worker = await tx.worker.findUnique({ where: { id: input.workerId }, select: { id: true } })
    if (!worker) throw new DeskError('worker_not_found', `No worker ${input.workerId}.`)
    const from = ticket.workerId
    await tx.ticket.update({ where: { id: ticket.id }, data: { workerId: worker.id } })
    await tx.message.updateMany({ where: { ticketId: ticket.id }, data: { workerId: worker.id } })
    await tx.delivery.updateMany({ where: { ticketId: ticket.id }, data: { workerId: worker.id } })
    await tx.channelIdentity.updateMany({ where: { workerId: from, channel: ticket.channel }, data: { workerId: worker.id } })
    await tx.ticketEvent.create({
      data: { ticketId: ticket.id, type: 'ticket.requester_linked', actor: input.actor, createdAt: now, data: JSON.stringify({ fromWorkerId: from, toWorkerId: worker.id, reason: input.reason }) },
    })
    return { number: ticket.number, workerId: worker.id, previousWorkerId: from, linkedAt: now.toISOString() }
  })
}
