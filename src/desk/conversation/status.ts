import type { Db, Tx } from '../../db/client.ts'
import type { Replies } from '../../text/templates.ts'
import { openStatuses, statusLabels, type TicketStatus } from '../vocabulary.ts'

/**
 * The status of the ticket named, or of the worker's recent tickets (open ones first): only
 * ever the sender's own. A number that is someone else's gets the same answer as one that
 * does not exist. `db` is the caller's transaction when there is one (SQLite has one
 * connection: a read outside the transaction would wait for it).
 */
export async function answerStatus(db: Db | Tx, replies: Replies, workerId: string, command: { number?: string }): Promise<{ reply: string; ticketNumber: string | null }> {
  const tickets = command.number
    ? await db.ticket.findMany({ where: { number: command.number, workerId }, include: { unit: true } })
    : await db.ticket.findMany({
        where: { workerId },
        orderBy: [{ updatedAt: 'desc' }],
        take: 3,
        include: { unit: true },
      })
  if (tickets.length === 0) {
    return { reply: replies.render('no-tickets', { ticketNumber: command.number ?? '' }), ticketNumber: null }
  }
  const sorted = [...tickets].sort((a, b) => Number(openStatuses.includes(b.status as TicketStatus)) - Number(openStatuses.includes(a.status as TicketStatus)))
  const lines = sorted.map((t) =>
    replies.render('ticket-status', { ticketNumber: t.number, statusLabel: statusLabels[t.status as TicketStatus], unitName: t.unit.name }),
  )
  return { reply: lines.join('\n'), ticketNumber: sorted[0]!.number }
}
