import type { Category } from '../classify/types.ts'
import type { Tx } from '../db/client.ts'
import { jobIds } from '../queue/jobs.ts'
import { stageJob } from '../queue/outbox.ts'
import type { Desk } from './deps.ts'

/** Used when no policy row matches: the 2-hour rule for urgent cases, a working day otherwise. */
export const fallbackPolicy = (urgent: boolean) => ({
  firstResponseSeconds: urgent ? 2 * 3600 : 24 * 3600,
  resolutionSeconds: urgent ? 24 * 3600 : 15 * 24 * 3600,
})

export async function slaPolicyFor(tx: Tx, category: Category, urgent: boolean) {
  const row = await tx.slaPolicy.findUnique({ where: { category_urgent: { category, urgent } } })
  return row ?? fallbackPolicy(urgent)
}

/** Stage the first-response timer for a new ticket, in the ticket's transaction. */
export async function scheduleFirstResponse(tx: Tx, ticket: { id: string; firstResponseDueAt: Date }) {
  return stageJob(tx, {
    queue: 'sla',
    name: 'first-response',
    jobId: jobIds.sla(ticket.id, 'first-response'),
    payload: { ticketId: ticket.id, stage: 'first-response' },
    runAt: ticket.firstResponseDueAt,
  })
}

/**
 * The first-response timer fired. It re-reads the ticket, because the cadre may have
 * answered since the timer was set, and a late or repeated job must do no harm: the
 * reminder event's dedupe key makes a second run a no-op.
 */
export async function onFirstResponseDue(desk: Pick<Desk, 'db' | 'logger' | 'now'>, ticketId: string): Promise<'reminded' | 'not-due' | 'already-reminded'> {
  const ticket = await desk.db.ticket.findUnique({ where: { id: ticketId } })
  if (!ticket || ticket.firstRespondedAt || ticket.status === 'closed') return 'not-due'
  if (ticket.firstResponseDueAt && ticket.firstResponseDueAt.getTime() > desk.now().getTime() + 1000) return 'not-due'
  const dedupeKey = jobIds.sla(ticket.id, 'first-response')
  const existing = await desk.db.ticketEvent.findUnique({ where: { dedupeKey } })
  if (existing) return 'already-reminded'
  try {
    await desk.db.ticketEvent.create({
      data: {
        ticketId,
        type: 'sla.first_response_due',
        dedupeKey,
        data: JSON.stringify({ assigneeId: ticket.assigneeId, dueAt: ticket.firstResponseDueAt }),
      },
    })
  } catch (err) {
    if (isUniqueViolation(err)) return 'already-reminded'
    throw err
  }
  desk.logger.info({ ticket: ticket.number, assigneeId: ticket.assigneeId }, 'first response is due: reminder recorded')
  return 'reminded'
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002'
}
