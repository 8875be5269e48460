import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { stageWorkerMessage } from '../messaging/index.ts'
import { applyTimerChanges, refreshSlaTimers, resumeSla } from '../timekeeping/index.ts'
import { ticketByNumber } from './load.ts'

/**
 * A cadre answers. The answer is recorded, the first-response clock stops (and a clock
 * paused for the worker runs again), and the timers are rescheduled after the commit. If
 * cancelling fails (Redis down) a reminder still fires later, re-reads the ticket, sees
 * the answer and does nothing.
 */
export async function replyToTicket(desk: Desk, input: { number: string; text: string; cadreId?: string; actor: string }) {
  const now = desk.now()
  const reply = await inTransaction(desk.db, async (tx) => {
    const ticket = await ticketByNumber(tx, input.number)
    const cadreId = input.cadreId ?? ticket.assigneeId ?? undefined
    // The answer goes to the worker on the channel they wrote from, through the outbound queue.
    const { deliveryId, job } = await stageWorkerMessage(tx, {
      workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text: input.text,
      purpose: 'cadre_reply', authorCadreId: cadreId, at: now,
    })
    const first = ticket.firstRespondedAt === null
    await tx.ticket.update({
      where: { id: ticket.id },
      data: { status: ticket.status === 'closed' ? 'closed' : 'answered', ...(first ? { firstRespondedAt: now } : {}) },
    })
    // An answer while the desk waited for the worker means it no longer waits: the clocks run again.
    if (ticket.slaPausedAt) await resumeSla(tx, ticket.id, now)
    await tx.ticketEvent.create({
      data: { ticketId: ticket.id, type: 'ticket.replied', actor: input.actor, data: JSON.stringify({ deliveryId, first }), createdAt: now },
    })
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    return { ticketId: ticket.id, deliveryId, first, timers: { ...timers, staged: [...timers.staged, job] } }
  })
  // The first-response timers go; the resolution timers stay where they were.
  await applyTimerChanges(desk, reply.timers)
  return { number: input.number, deliveryId: reply.deliveryId, firstResponse: reply.first, repliedAt: now.toISOString() }
}
