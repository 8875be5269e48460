import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { stageWorkerMessage } from '../messaging/index.ts'
import { applyTimerChanges, pauseSla, refreshSlaTimers } from '../timekeeping/index.ts'
import { actionableTicket } from './load.ts'

/**
 * The cadre needs something from the worker: the question goes to them, the ticket waits
 * for them, and both SLA clocks stop until they write back (intake resumes them). Asking
 * is also a first response.
 */
export async function askWorker(desk: Desk, input: { number: string; text: string; cadreId?: string; actor: string }) {
  const now = desk.now()
  const result = await inTransaction(desk.db, async (tx) => {
    const ticket = await actionableTicket(tx, input.number)
    const { deliveryId, job } = await stageWorkerMessage(tx, {
      workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text: input.text,
      purpose: 'cadre_question', authorCadreId: input.cadreId ?? ticket.assigneeId ?? undefined, at: now,
    })
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'waiting_worker', ...(ticket.firstRespondedAt ? {} : { firstRespondedAt: now }) } })
    await pauseSla(tx, ticket, now)
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'ticket.question_asked', actor: input.actor, createdAt: now, data: JSON.stringify({ deliveryId }) } })
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    return { deliveryId, timers: { ...timers, staged: [...timers.staged, job] } }
  })
  await applyTimerChanges(desk, result.timers)
  return { number: input.number, deliveryId: result.deliveryId, pausedAt: now.toISOString() }
}
