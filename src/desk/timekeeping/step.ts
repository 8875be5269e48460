import type { Tx } from '../../db/client.ts'
import type { Prisma, Ticket } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { notifyCadres, type CadreNoticeInput } from '../messaging/index.ts'
import { escalationLadder, rungAt } from '../routing/index.ts'
import { stageName, timerFor, type SlaTimer } from './plan.ts'

type Ladder = Awaited<ReturnType<typeof escalationLadder>>

/**
 * What the due steps of a run record, gathered so that a batch writes them in a statement
 * per table: a reminder to the assignee, or an escalation to the leader of the rung its
 * level names (a notice in their inbox and the fact on the ticket's timeline), or only the
 * timeline entry when nobody can be told. Each is keyed by its step's job id, so a late,
 * repeated or concurrent run records nothing more.
 */
export class SlaStepRecords {
  private notices: CadreNoticeInput[] = []
  private events: Prisma.TicketEventCreateManyInput[] = []
  private levels = new Map<string, number>()
  private ladders = new Map<string, Promise<Ladder>>()

  constructor(private tx: Tx) {}

  /** The step's record, decided now (the ladder is read once per ticket and run), written by `write`. */
  async add(ticket: Ticket, plan: SlaTimer[], timer: SlaTimer, now: Date): Promise<'reminded' | 'escalated'> {
    const ticketId = ticket.id
    const dedupeKey = jobIds.sla(ticketId, timer.stage)
    const dueAt = timerFor(stageName(timer.clock, 1), plan)?.runAt ?? null
    const base = { clock: timer.clock, fraction: timer.fraction, dueAt, assigneeId: ticket.assigneeId }
    if (timer.kind === 'reminder') {
      // An unassigned ticket's reminder goes to the unit's leader: somebody must pick it up.
      const to = ticket.assigneeId ?? rungAt(await this.ladder(ticket), 1)?.leader.id
      if (to) this.notices.push({ cadreId: to, kind: 'sla.reminder', ticketId, dedupeKey, at: now, data: base })
      else this.events.push({ ticketId, type: 'sla.reminder', dedupeKey, createdAt: now, data: JSON.stringify({ ...base, toCadreId: null }) })
      return 'reminded'
    }
    const rung = rungAt(await this.ladder(ticket), timer.level)
    const data = { ...base, level: timer.level, toUnitId: rung?.unit.id ?? null }
    if (rung) this.notices.push({ cadreId: rung.leader.id, kind: 'sla.escalated', ticketId, dedupeKey, at: now, data })
    else this.events.push({ ticketId, type: 'sla.escalated', dedupeKey, createdAt: now, data: JSON.stringify({ ...data, toCadreId: null }) })
    if (timer.level > (this.levels.get(ticketId) ?? ticket.escalationLevel)) this.levels.set(ticketId, timer.level)
    return 'escalated'
  }

  /** Writes what was gathered, in the same transaction. Returns the tickets whose escalation level rose. */
  async write(): Promise<Map<string, number>> {
    await notifyCadres(this.tx, this.notices)
    if (this.events.length > 0) await this.tx.ticketEvent.createMany({ data: this.events })
    for (const [id, escalationLevel] of this.levels) await this.tx.ticket.update({ where: { id }, data: { escalationLevel } })
    return this.levels
  }

  private ladder(ticket: Ticket): Promise<Ladder> {
    if (!this.ladders.has(ticket.id)) this.ladders.set(ticket.id, escalationLadder(this.tx, ticket.unitId, ticket.assigneeId))
    return this.ladders.get(ticket.id)!
  }
}
