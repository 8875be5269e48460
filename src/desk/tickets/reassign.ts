import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { inWorkersScript, notifyCadre, stageWorkerMessage } from '../messaging/index.ts'
import { applyTimerChanges, refreshSlaTimers } from '../timekeeping/index.ts'
import { actionableTicket } from './load.ts'

/**
 * Reassignment by hand: recorded with who did it and why; the worker and the new assignee are told.
 * A ticket handed to a cadre of another unit (a leader handing it down to a street or an
 * enterprise union) moves to that unit with them: the ticket's unit is where its assignee
 * works, so the new assignee and their unit's people see it, and escalation climbs from there.
 * The move is on the timeline entry (fromUnitId, toUnitId).
 */
export async function reassignTicket(desk: Desk, input: { number: string; cadreId: string; reason: string; actor: string }) {
  const now = desk.now()
  const result = await inTransaction(desk.db, async (tx) => {
    const ticket = await actionableTicket(tx, input.number)
    const cadre = await tx.cadre.findUnique({ where: { id: input.cadreId }, include: { unit: true } })
    if (!cadre || !cadre.active) throw new DeskError('cadre_not_found', `No active cadre ${input.cadreId}.`)
    if (cadre.id === ticket.assigneeId) throw new DeskError('already_assigned', `Ticket ${input.number} is already with ${cadre.name}.`)
    const moves = cadre.unitId !== ticket.unitId
    await tx.ticket.update({ where: { id: ticket.id }, data: { assigneeId: cadre.id, ...(moves ? { unitId: cadre.unitId } : {}) } })
    await tx.cadre.update({ where: { id: cadre.id }, data: { lastAssignedAt: now } })
    await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id, type: 'ticket.reassigned', actor: input.actor, createdAt: now,
        data: JSON.stringify({ fromCadreId: ticket.assigneeId, toCadreId: cadre.id, reason: input.reason, ...(moves ? { fromUnitId: ticket.unitId, toUnitId: cadre.unitId } : {}) }),
      },
    })
    await notifyCadre(tx, {
      cadreId: cadre.id, kind: 'ticket.assigned', ticketId: ticket.id, dedupeKey: `assigned-${ticket.id}-${now.getTime()}`, at: now,
      data: { fromCadreId: ticket.assigneeId, by: input.actor },
    })
    const text = await inWorkersScript(tx, desk, ticket.id, 'step-assigned', { ticketNumber: ticket.number, unitName: cadre.unit.name, cadreName: cadre.name })
    const { job } = await stageWorkerMessage(tx, { workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text, purpose: 'step_notice', at: now })
    // Deadlines do not move with the assignee; reminders still due go to whoever holds the ticket when they fire.
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    return { timers: { ...timers, staged: [...timers.staged, job] }, fromCadreId: ticket.assigneeId }
  })
  await applyTimerChanges(desk, result.timers)
  return { number: input.number, assigneeId: input.cadreId, previousAssigneeId: result.fromCadreId, reassignedAt: now.toISOString() }
}
