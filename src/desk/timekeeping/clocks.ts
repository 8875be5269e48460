import type { Tx } from '../../db/client.ts'
import type { OutboxJob, Ticket } from '../../generated/prisma/client.ts'
import { stageJobs } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { notifyCadre } from '../messaging/index.ts'
import { unitLeader } from '../routing/index.ts'
import { planSlaTimers, slaSettingsOf, type SlaPolicyTerms } from './plan.ts'
import { refreshSlaTimers, slaTimerJobs } from './timers.ts'

type Ctx = Pick<Desk, 'config' | 'calendar'>

/**
 * A new ticket's clocks, in the transaction that opens it: its timers, and for an urgent
 * case the leader told at once. A new ticket has no pauses and no timer has run, so the
 * plan needs nothing read back.
 */
export async function startSlaClocks(tx: Tx, ctx: Ctx, ticket: Ticket, policy: SlaPolicyTerms): Promise<OutboxJob[]> {
  if (ticket.urgent) await tellLeaderAtOnce(tx, ticket, ticket.createdAt)
  return stageJobs(tx, slaTimerJobs(ticket.id, planSlaTimers(ticket, policy, [], ctx.calendar, slaSettingsOf(ctx.config))))
}

/**
 * The 2-hour rule: an urgent case is reported to a leader the moment it arrives, not when
 * a timer runs out. Routing gave it to a leader; if nobody could take it, the unit's
 * leader (or the nearest one above) is told anyway.
 */
async function tellLeaderAtOnce(tx: Tx, ticket: Ticket, at: Date) {
  const leaderId = ticket.assigneeId ?? (await unitLeader(tx, ticket.unitId))?.id
  if (!leaderId) return
  await notifyCadre(tx, {
    cadreId: leaderId, kind: 'leader.notified', ticketId: ticket.id, dedupeKey: `urgent-${ticket.id}`, at,
    data: { reason: 'urgent', firstResponseDueAt: ticket.firstResponseDueAt },
  })
}

/** The desk starts waiting for the worker (a question was asked): both clocks stop. */
export async function pauseSla(tx: Tx, ticket: Pick<Ticket, 'id' | 'slaPausedAt'>, at: Date) {
  if (ticket.slaPausedAt) return
  await tx.slaPause.create({ data: { ticketId: ticket.id, pausedAt: at } })
  await tx.ticket.update({ where: { id: ticket.id }, data: { slaPausedAt: at } })
}

/** The worker answered (or the case moves on without them): the clocks run again from here. */
export async function resumeSla(tx: Tx, ticketId: string, at: Date) {
  await tx.slaPause.updateMany({ where: { ticketId, resumedAt: null }, data: { resumedAt: at } })
  await tx.ticket.update({ where: { id: ticketId }, data: { slaPausedAt: null } })
}

/**
 * When the worker writes on a ticket that was waiting for them: resume, in intake's
 * transaction, and hand back the jobs to enqueue. While paused no timer of the ticket
 * was left in Redis, so enqueuing needs no cancelling first (one that escaped cancelling
 * fires before its step's new instant and waits in place until then).
 */
export async function resumeOnWorkerAnswer(tx: Tx, ctx: Ctx, ticketId: string, at: Date): Promise<OutboxJob[]> {
  await resumeSla(tx, ticketId, at)
  return (await refreshSlaTimers(tx, ctx, ticketId)).staged
}
