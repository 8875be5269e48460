import type { Classification } from '../../classify/types.ts'
import type { Ticket } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { openStatuses } from '../vocabulary.ts'

/**
 * A message from a worker with an open ticket usually adds to it ("补充一下…", "在吗"). It
 * opens a new one only when the desk is sure it is a different matter: a confident category
 * other than the ticket's, and not the catch-all "other".
 */
export const NEW_MATTER_CONFIDENCE = 0.8
export function isNewMatter(open: Ticket, c: Classification): boolean {
  return c.category !== open.category && c.category !== 'other' && c.confidence >= NEW_MATTER_CONFIDENCE
}

/** The worker's most recent open ticket, if they wrote about it recently enough to be continuing it. */
export async function continuableTicket(desk: Desk, workerId: string): Promise<Ticket | null> {
  const since = new Date(desk.now().getTime() - desk.config.CONTINUE_WINDOW_SECONDS * 1000)
  return desk.db.ticket.findFirst({
    where: { workerId, status: { in: openStatuses }, updatedAt: { gte: since } },
    orderBy: { updatedAt: 'desc' },
  })
}
