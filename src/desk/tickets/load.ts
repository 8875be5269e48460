import type { Tx } from '../../db/client.ts'
import type { Ticket } from '../../generated/prisma/client.ts'
import { DeskError, ticketNotFound } from '../errors.ts'

/** The ticket with this number, or the desk's "no such ticket". */
export async function ticketByNumber(tx: Tx, number: string): Promise<Ticket> {
  const ticket = await tx.ticket.findUnique({ where: { number } })
  if (!ticket) throw ticketNotFound(number)
  return ticket
}

/** The ticket with this number, if a cadre can still act on it (not closed). */
export async function actionableTicket(tx: Tx, number: string): Promise<Ticket> {
  const ticket = await ticketByNumber(tx, number)
  if (ticket.status === 'closed') throw new DeskError('ticket_closed', `Ticket ${number} is closed.`)
  return ticket
}
