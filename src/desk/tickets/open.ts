import { newId } from '../../lib/ids.ts'
import type { Category } from '../../classify/types.ts'
import { prepare, prepareInsert } from '../../db/prepared.ts'
import type { Tx } from '../../db/client.ts'
import type { OrgUnit, OutboxJob, Ticket } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { recordTurn, routeTicket, type RoutingDecision } from '../routing/index.ts'
import { openingDeadlines, slaPolicyFor, startSlaClocks } from '../timekeeping/index.ts'
import type { Severity } from '../vocabulary.ts'
import { nextTicketNumber, provisionalNumber } from './number.ts'

export type NewTicket = {
  workerId: string
  /** Where the worker is answered: the channel they wrote from. */
  channel: string
  unit: OrgUnit
  category: Category
  urgent: boolean
  confidence: number
  /** embedded | llm | cadre: who decided the category. */
  classifiedBy: string
  classifyReason: string
  severity: Severity
  /** A web request's access code, hashed (people/access-codes.ts). */
  accessCodeHash?: string
  /** Who opened it (worker, cadre) and what the timeline keeps about how. */
  openedBy: { actor: string; data: Record<string, unknown> }
  now: Date
}

/**
 * Opens a ticket, in the caller's transaction: routed (unit, tier, assignee), numbered,
 * with its deadlines, its opening and routing on the timeline, and its SLA timers staged.
 * Intake opens tickets for what workers write; care opens them for what a callback found.
 * Plain SQL (db/sql.ts) for its own rows: a ticket opens for nearly every new worker.
 */
export async function openTicket(
  tx: Tx,
  desk: Pick<Desk, 'config' | 'calendar'>,
  t: NewTicket,
): Promise<{ ticket: Ticket; route: RoutingDecision; staged: OutboxJob[] }> {
  const route = await routeTicket(tx, { unit: t.unit, category: t.category, urgent: t.urgent, now: t.now, severity: t.severity, calendar: desk.calendar }, { deferTurn: true })
  const policy = await slaPolicyFor(tx, t.category, t.urgent)
  const created: Ticket = {
    id: newId(), number: provisionalNumber(),
    workerId: t.workerId, channel: t.channel, accessCodeHash: t.accessCodeHash ?? null,
    category: t.category, urgent: t.urgent, confidence: t.confidence, classifiedBy: t.classifiedBy, classifyReason: t.classifyReason,
    tier: route.tier, status: 'open', severity: route.severity, unitId: route.unit.id, assigneeId: route.assignee?.id ?? null,
    firstRespondedAt: null, closedAt: null, escalationLevel: 0, slaPausedAt: null,
    satisfaction: null, satisfactionAt: null, satisfactionAskedAt: null, facts: null,
    ...openingDeadlines(desk, policy, t.now),
    createdAt: t.now, updatedAt: new Date(),
  }
  await insertTicket.run(tx, [created])
  await insertEvents.run(tx, [
    { id: newId(), ticketId: created.id, type: 'ticket.opened', actor: t.openedBy.actor, data: JSON.stringify(t.openedBy.data), createdAt: t.now },
    {
      id: newId(), ticketId: created.id, type: route.assignee ? 'ticket.routed' : 'ticket.unassigned', actor: 'system', createdAt: t.now,
      data: JSON.stringify({ unitId: route.unit.id, assigneeId: route.assignee?.id ?? null, tier: route.tier, reason: route.reason }),
    },
  ])
  const staged = await startSlaClocks(tx, desk, created, policy)
  // The rows every new ticket writes (the day's counter, the assignee's turn) come last, so
  // that concurrent openings wait on them for the end of the transaction only, not all of it.
  if (route.assignee) await recordTurn(tx, route.assignee, t.now)
  const ticket = { ...created, number: await nextTicketNumber(tx, t.now), updatedAt: new Date() }
  await setNumber.run(tx, { id: ticket.id, number: ticket.number, at: ticket.updatedAt })
  return { ticket, route, staged }
}

const insertTicket = prepareInsert('Ticket')
const insertEvents = prepareInsert('TicketEvent')
const setNumber = prepare<{ id: string; number: string; at: Date }>()((sql, p) => sql.updateTable('Ticket').set({ number: p.number, updatedAt: p.at }).where('id', '=', p.id))
