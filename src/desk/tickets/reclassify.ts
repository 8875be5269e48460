import type { Category } from '../../classify/types.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { applyTimerChanges, refreshSlaTimers } from '../timekeeping/index.ts'
import { actionableTicket } from './load.ts'

/**
 * A cadre corrects what the desk understood: the category, the urgency, or both. The
 * correction is kept as feedback for the classifier (`npm run train -- --feedback`), written
 * on the timeline, and the SLA timers follow the new policy (an urgent case gets the 2-hour
 * clock at once). Who handles the case does not change by itself: the cadre reassigns if needed.
 * A closed ticket is settled as it was (ticket_closed).
 */
export async function correctClassification(desk: Desk, input: { number: string; category: Category; urgent?: boolean; actor: string }) {
  const now = desk.now()
  let urgent = false
  const changes = await inTransaction(desk.db, async (tx) => {
    const ticket = await actionableTicket(tx, input.number)
    urgent = input.urgent ?? ticket.urgent
    if (ticket.category === input.category && ticket.urgent === urgent) {
      throw new DeskError('unchanged', `Ticket ${input.number} is already ${input.category}${urgent ? ', urgent' : ''}.`)
    }
    await tx.ticket.update({ where: { id: ticket.id }, data: { category: input.category, urgent } })
    await tx.classificationFeedback.create({
      data: { ticketId: ticket.id, fromCategory: ticket.category, toCategory: input.category, fromUrgent: ticket.urgent, toUrgent: urgent, actor: input.actor, createdAt: now },
    })
    await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id, type: 'ticket.reclassified', actor: input.actor, createdAt: now,
        data: JSON.stringify({ from: { category: ticket.category, urgent: ticket.urgent, by: ticket.classifiedBy }, to: { category: input.category, urgent } }),
      },
    })
    return refreshSlaTimers(tx, desk, ticket.id)
  })
  await applyTimerChanges(desk, changes)
  return { number: input.number, category: input.category, urgent }
}
