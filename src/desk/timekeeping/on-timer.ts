import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import { jobIds } from '../../queue/jobs.ts'
import type { Desk } from '../desk.ts'
import { notifyCadre } from '../messaging/index.ts'
import { escalationLadder, rungAt } from '../routing/index.ts'
import { stageName, timerFor } from './plan.ts'
import { slaStateOf } from './timers.ts'

export type TimerOutcome = 'reminded' | 'escalated' | 'not-due' | 'early' | 'already-done'

/**
 * An SLA timer fired. It re-reads the ticket and asks the plan whether this stage is due
 * now: the cadre may have answered, the ticket may be paused or closed, the deadline may
 * have moved. Only then does it act, once: the job id is the dedupe key of what it
 * records, so a late, repeated or concurrent run does nothing more.
 */
export async function onSlaTimer(desk: Pick<Desk, 'db' | 'logger' | 'now' | 'config' | 'calendar'>, ticketId: string, stage: string): Promise<TimerOutcome> {
  const dedupeKey = jobIds.sla(ticketId, stage)
  try {
    return await inTransaction(desk.db, async (tx) => {
      const now = desk.now()
      const state = await slaStateOf(tx, desk, ticketId)
      const timer = state && timerFor(stage, state.plan)
      if (!state || !timer?.runAt) return 'not-due'
      // A second of slack: Redis and the database clocks may disagree a little.
      if (timer.runAt.getTime() > now.getTime() + 1000) return 'early'
      if (await tx.ticketEvent.findUnique({ where: { dedupeKey }, select: { id: true } })) return 'already-done'
      const { ticket } = state
      const dueAt = timerFor(stageName(timer.clock, 1), state.plan)?.runAt ?? null
      const ladder = () => escalationLadder(tx, ticket.unitId, ticket.assigneeId)
      const base = { clock: timer.clock, fraction: timer.fraction, dueAt, assigneeId: ticket.assigneeId }
      if (timer.kind === 'reminder') {
        // An unassigned ticket's reminder goes to the unit's leader: somebody must pick it up.
        const to = ticket.assigneeId ?? rungAt(await ladder(), 1)?.leader.id
        // False: a concurrent run recorded it a moment ago (on PostgreSQL runs overlap; the unique key decides).
        if (to) {
          if (!(await notifyCadre(tx, { cadreId: to, kind: 'sla.reminder', ticketId, dedupeKey, at: now, data: base }))) return 'already-done'
        } else await tx.ticketEvent.create({ data: { ticketId, type: 'sla.reminder', dedupeKey, createdAt: now, data: JSON.stringify({ ...base, toCadreId: null }) } })
        return 'reminded'
      }
      const rung = rungAt(await ladder(), timer.level)
      const data = { ...base, level: timer.level, toUnitId: rung?.unit.id ?? null }
      if (rung) {
        if (!(await notifyCadre(tx, { cadreId: rung.leader.id, kind: 'sla.escalated', ticketId, dedupeKey, at: now, data }))) return 'already-done'
      } else await tx.ticketEvent.create({ data: { ticketId, type: 'sla.escalated', dedupeKey, createdAt: now, data: JSON.stringify({ ...data, toCadreId: null }) } })
      if (timer.level > ticket.escalationLevel) await tx.ticket.update({ where: { id: ticketId }, data: { escalationLevel: timer.level } })
      desk.logger.info({ ticket: ticket.number, clock: timer.clock, level: timer.level }, 'SLA breached: escalated')
      return 'escalated'
    })
  } catch (err) {
    if (isUniqueViolation(err)) return 'already-done'
    throw err
  }
}
