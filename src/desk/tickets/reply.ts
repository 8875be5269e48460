import type { Db, Tx } from '../../db/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { stageWorkerMessage } from '../messaging/index.ts'
import { applyTimerChanges, refreshSlaTimers, resumeSla } from '../timekeeping/index.ts'
import { actionableTicket } from './load.ts'

/**
 * A cadre answers. The answer is recorded, the first-response clock stops (and a clock
 * paused for the worker runs again), and the timers are rescheduled after the commit. If
 * cancelling fails (Redis down) a reminder still fires later, re-reads the ticket, sees
 * the answer and does nothing. A closed ticket takes no more answers (ticket_closed).
 *
 * `onceKey` makes the answer idempotent: the console's reply form carries a one-time id, and
 * a second post of the same form (a double click, a reload) sends nothing and answers with
 * the first one, `duplicate: true`. The key is the unique key of the answer's timeline
 * entry, so two posts racing each other cannot both commit.
 */
export async function replyToTicket(desk: Desk, input: { number: string; text: string; cadreId?: string; actor: string; onceKey?: string }) {
  const now = desk.now()
  const dedupeKey = input.onceKey ? `reply-once:${input.onceKey.slice(0, 80)}` : null
  const earlier = async (db: Db | Tx) => {
    const event = dedupeKey ? await db.ticketEvent.findUnique({ where: { dedupeKey }, select: { data: true, createdAt: true } }) : null
    if (!event) return null
    const { deliveryId, first } = JSON.parse(event.data ?? '{}') as { deliveryId?: string; first?: boolean }
    return { number: input.number, duplicate: true, deliveryId: deliveryId ?? '', firstResponse: first === true, repliedAt: event.createdAt.toISOString() }
  }
  const work = inTransaction(desk.db, async (tx) => {
    const ticket = await actionableTicket(tx, input.number)
    const seen = await earlier(tx)
    if (seen) return { seen }
    const cadreId = input.cadreId ?? ticket.assigneeId ?? undefined
    // The answer goes to the worker on the channel they wrote from, through the outbound queue.
    const { deliveryId, job } = await stageWorkerMessage(tx, {
      workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text: input.text,
      purpose: 'cadre_reply', authorCadreId: cadreId, at: now,
    })
    const first = ticket.firstRespondedAt === null
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'answered', ...(first ? { firstRespondedAt: now } : {}) } })
    // An answer while the desk waited for the worker means it no longer waits: the clocks run again.
    if (ticket.slaPausedAt) await resumeSla(tx, ticket.id, now)
    await tx.ticketEvent.create({
      data: { ticketId: ticket.id, type: 'ticket.replied', actor: input.actor, data: JSON.stringify({ deliveryId, first }), dedupeKey, createdAt: now },
    })
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    return { deliveryId, first, timers: { ...timers, staged: [...timers.staged, job] } }
  })
  const reply = await work.catch(async (err: unknown) => {
    // The same form posted twice at once: the other post committed the answer, this one rolled back.
    const seen = dedupeKey && isUniqueViolation(err) ? await earlier(desk.db) : null
    if (seen) return { seen }
    throw err
  })
  if (reply.seen) return reply.seen
  // The first-response timers go; the resolution timers stay where they were.
  await applyTimerChanges(desk, reply.timers)
  return { number: input.number, duplicate: false, deliveryId: reply.deliveryId, firstResponse: reply.first, repliedAt: now.toISOString() }
}
