import type { Desk } from '../desk.ts'
import { ticketNotFound } from '../errors.ts'
import { statusLabels, type TicketStatus } from '../vocabulary.ts'

/**
 * What anyone holding a ticket number may see: where it stands, never who wrote it or
 * what they said. Ticket numbers are easy to guess, so this view must stay anonymous.
 */
export async function publicTicketStatus(desk: Pick<Desk, 'db'>, number: string) {
  const t = await desk.db.ticket.findUnique({ where: { number }, include: { unit: { select: { name: true } } } })
  if (!t) throw ticketNotFound(number)
  const status = t.status as TicketStatus
  return {
    number: t.number,
    status,
    statusLabel: statusLabels[status],
    unitName: t.unit.name,
    assigned: t.assigneeId !== null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    firstRespondedAt: t.firstRespondedAt?.toISOString() ?? null,
    firstResponseDueAt: t.firstResponseDueAt?.toISOString() ?? null,
  }
}
