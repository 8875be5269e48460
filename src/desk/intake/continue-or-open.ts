import type { ChannelSpec } from '../../channels/registry.ts'
import type { Classification } from '../../classify/types.ts'
import type { Ticket } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'

/**
 * A message from a worker with an open ticket usually adds to it ("补充一下…", "在吗"). It
 * opens a new one only when the desk is sure it is a different matter: a confident category
 * other than the ticket's, and not the catch-all "other". An identity that is one request
 * (the web: a ticket opened with its number and code) has only that matter.
 */
export const NEW_MATTER_CONFIDENCE = 0.8
export function isNewMatter(open: Ticket, c: Classification, identity: ChannelSpec['identity']): boolean {
  if (identity === 'request') return false
  return c.category !== open.category && c.category !== 'other' && c.confidence >= NEW_MATTER_CONFIDENCE
}

/**
 * The ticket a message may continue: a person's most recent open ticket, if they wrote about
 * it recently enough; a request's own ticket while it is open, however long ago. Read from
 * their most recent open ticket: if that one is not recent enough, no other is.
 */
export function continuableOf(latestOpen: Ticket | null, desk: Pick<Desk, 'now' | 'config'>, identity: ChannelSpec['identity']): Ticket | null {
  if (!latestOpen || identity === 'request') return latestOpen
  const since = desk.now().getTime() - desk.config.CONTINUE_WINDOW_SECONDS * 1000
  return latestOpen.updatedAt.getTime() >= since ? latestOpen : null
}
