import { toSimplified } from '../../text/script.ts'
import type { Desk } from '../desk.ts'
import { openStatuses, statusLabels, type TicketStatus } from '../vocabulary.ts'

/**
 * What a worker can type in a chat instead of describing a problem. For now: asking where
 * their case stands ("进度", "查进度", or a ticket number). Answered without opening a ticket.
 * The web portal has pages for this, so commands apply only where the channel's spec says
 * so (chat channels).
 */
export type Command = { kind: 'status'; number?: string }

const STATUS_WORDS = /^(查询?|看看?|我的|我想查|查一下)?(办理)?(进度|进展)(查询)?$/
const TICKET_NUMBER = /^(?:查询?|查一下)?(?:进度)?NJ-?(\d{6})-?(\d{4,})$/

export function parseCommand(text: string): Command | null {
  const t = toSimplified(text).replace(/[\s。.,，!！?？:：]/g, '').toUpperCase()
  if (!t || t.length > 30) return null
  const n = t.match(TICKET_NUMBER)
  if (n) return { kind: 'status', number: `NJ-${n[1]}-${n[2]}` }
  return STATUS_WORDS.test(t) ? { kind: 'status' } : null
}

/**
 * The status of the ticket named, or of the worker's recent tickets (open ones first): only
 * ever the sender's own. A number that is someone else's gets the same answer as one that
 * does not exist.
 */
export async function answerStatus(desk: Desk, workerId: string, command: Command): Promise<{ reply: string; ticketNumber: string | null }> {
  const tickets = command.number
    ? await desk.db.ticket.findMany({ where: { number: command.number, workerId }, include: { unit: true } })
    : await desk.db.ticket.findMany({
        where: { workerId },
        orderBy: [{ updatedAt: 'desc' }],
        take: 3,
        include: { unit: true },
      })
  if (tickets.length === 0) {
    return { reply: desk.replies.render('no-tickets', { ticketNumber: command.number ?? '' }), ticketNumber: null }
  }
  const sorted = [...tickets].sort((a, b) => Number(openStatuses.includes(b.status as TicketStatus)) - Number(openStatuses.includes(a.status as TicketStatus)))
  const lines = sorted.map((t) =>
    desk.replies.render('ticket-status', { ticketNumber: t.number, statusLabel: statusLabels[t.status as TicketStatus], unitName: t.unit.name }),
  )
  return { reply: lines.join('\n'), ticketNumber: sorted[0]!.number }
}
