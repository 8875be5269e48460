import type { Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { HardshipRecord } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { DeskError, ticketNotFound } from '../errors.ts'
import { routeTicket } from '../routing/index.ts'
import { applyTimerChanges, callbackTimerRefs } from '../timekeeping/index.ts'
import type { HardshipCause, HardshipLevel, Severity } from '../vocabulary.ts'

/**
 * The hardship archive (困难职工档案): entry (准入填档) and exit (退出清档). Who is in it
 * decides the quarterly callbacks and, for severe or special cases, that a leader owns
 * the worker's tickets one-on-one (三级包保).
 */

/** A worker with an open severe or special hardship record is a leader's case, whatever they write about. */
export async function hardshipSeverity(tx: Tx, workerId: string): Promise<Severity> {
  const severe = await severeRecordOf.first(tx, { workerId })
  return severe ? 'severe' : 'general'
}

export const hardshipView = (r: HardshipRecord) => ({
  id: r.id, workerId: r.workerId, unitId: r.unitId, level: r.level, cause: r.cause, householdSize: r.householdSize,
  ticketId: r.ticketId, enteredAt: r.enteredAt.toISOString(), exitedAt: r.exitedAt?.toISOString() ?? null, exitReason: r.exitReason,
})

/**
 * Enter a worker into the archive from the ticket that brought their case. A severe or
 * special case makes the open ticket a leader's: if a cadre holds it, a leader takes it.
 */
export async function addHardshipRecord(
  desk: Desk,
  input: { ticketNumber: string; level: HardshipLevel; cause: HardshipCause; householdSize?: number; actor: string },
) {
  const now = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const ticket = await tx.ticket.findUnique({ where: { number: input.ticketNumber }, include: { assignee: true, unit: true } })
    if (!ticket) throw ticketNotFound(input.ticketNumber)
    const active = await tx.hardshipRecord.findFirst({ where: { workerId: ticket.workerId, exitedAt: null } })
    if (active) throw new DeskError('already_in_archive', `This worker already has an open hardship record (${active.id}); exit it first to change the level.`)
    const record = await tx.hardshipRecord.create({
      data: {
        workerId: ticket.workerId, unitId: ticket.unitId, level: input.level, cause: input.cause, householdSize: input.householdSize ?? null,
        ticketId: ticket.id, enteredAt: now, createdAt: now,
      },
    })
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'hardship.entered', actor: input.actor, createdAt: now, data: JSON.stringify({ recordId: record.id, level: record.level }) } })
    if (input.level !== 'general' && ticket.status !== 'closed' && ticket.severity !== 'severe') {
      let assigneeId = ticket.assigneeId
      if (ticket.assignee?.role !== 'leader') {
        const route = await routeTicket(tx, { unit: ticket.unit, category: 'hardship', urgent: false, severity: 'severe', now, calendar: desk.calendar })
        assigneeId = route.assignee?.id ?? ticket.assigneeId
        await tx.ticketEvent.create({
          data: { ticketId: ticket.id, type: 'ticket.reassigned', createdAt: now, data: JSON.stringify({ fromCadreId: ticket.assigneeId, toCadreId: assigneeId, reason: `三级包保: ${input.level} hardship goes to a leader`, by: input.actor }) },
        })
      }
      await tx.ticket.update({ where: { id: ticket.id }, data: { severity: 'severe', tier: 'leader', assigneeId } })
    }
    return hardshipView(record)
  })
}

/** Exit from the archive: the record closes and the calls and visits still owed to it are cancelled. */
export async function exitHardshipRecord(desk: Desk, input: { id: string; reason: string; actor: string }) {
  const now = desk.now()
  const result = await inTransaction(desk.db, async (tx) => {
    const record = await tx.hardshipRecord.findUnique({ where: { id: input.id } })
    if (!record) throw new DeskError('hardship_not_found', `No hardship record ${input.id}.`)
    if (record.exitedAt) throw new DeskError('already_exited', `Hardship record ${input.id} was closed on ${record.exitedAt.toISOString()}.`)
    const exited = await tx.hardshipRecord.update({ where: { id: record.id }, data: { exitedAt: now, exitReason: input.reason } })
    const owed = await tx.callbackTask.findMany({ where: { hardshipId: record.id, status: 'pending' } })
    await tx.callbackTask.updateMany({ where: { id: { in: owed.map((t) => t.id) } }, data: { status: 'cancelled', note: `退出清档: ${input.reason}`, completedAt: now } })
    return { record: exited, cancel: owed.flatMap(callbackTimerRefs) }
  })
  await applyTimerChanges(desk, { cancel: result.cancel, staged: [] })
  return hardshipView(result.record)
}

const severeRecordOf = prepare<{ workerId: string }>()((sql, p) =>
  sql.selectFrom('HardshipRecord').select('id').where('workerId', '=', p.workerId).where('exitedAt', 'is', null).where('level', 'in', ['severe', 'special']),
)
