import { promisedBy } from '../../text/when.ts'
import type { Desk } from '../desk.ts'
import { ticketByAccessCode } from '../people/index.ts'
import { statusLabels, type TicketStatus } from '../vocabulary.ts'

/**
 * Where a web request stands, for the worker who holds its number and access code, and
 * only what they need: the status, a short line in Chinese, and when to expect an answer.
 * Not the unit (down to a workshop group it can tell an employer who complained), the SLA
 * budget (it gives away category and urgency), or who holds it.
 */
export async function ticketStatusForRequester(desk: Pick<Desk, 'db' | 'crypto' | 'now'>, number: string, code: string) {
  const { ticketId } = await ticketByAccessCode(desk, number, code)
  const t = await desk.db.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { number: true, status: true, firstRespondedAt: true, firstResponseDueAt: true } })
  const status = t.status as TicketStatus
  const waitingForFirstAnswer = status === 'open' && !t.firstRespondedAt && t.firstResponseDueAt
  return {
    number: t.number,
    status,
    statusLabel: statusLabels[status],
    expectedBy: waitingForFirstAnswer ? t.firstResponseDueAt!.toISOString() : null,
    expectedByText: waitingForFirstAnswer ? promisedBy(t.firstResponseDueAt!, desk.now()) : null,
  }
}
