import type { Tx } from '../../db/client.ts'
import type { Ticket } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { notifyCadre } from '../messaging/index.ts'
import { resolveUnit } from '../people/index.ts'
import { unitLeader } from '../routing/index.ts'

/**
 * What a conversation writes besides a ticket's messages, in the caller's transaction: the
 * worker's consent, a request to delete their information, thanks taken as satisfaction,
 * a wish to speak to a person. Timeline entries say what happened, never the worker's words.
 */

export async function recordSensitiveConsent(tx: Tx, input: { workerId: string; granted: boolean; ticketId: string | null; via: string; at: Date }) {
  await tx.worker.update({ where: { id: input.workerId }, data: { sensitiveConsent: input.granted ? 'granted' : 'refused', sensitiveConsentAt: input.at } })
  if (input.ticketId) {
    await tx.ticketEvent.create({
      data: { ticketId: input.ticketId, type: input.granted ? 'consent.given' : 'consent.refused', actor: 'worker', createdAt: input.at, data: JSON.stringify({ sensitive: true, via: input.via }) },
    })
  }
}

/**
 * 删除我的信息: a request a unit admin completes within ERASURE_DUE_DAYS, in the console.
 * One pending request per worker: asking again answers with the same date.
 */
export async function requestErasure(tx: Tx, desk: Pick<Desk, 'config'>, input: { workerId: string; channel: string; at: Date }): Promise<{ dueAt: Date }> {
  const pending = await tx.erasureRequest.findFirst({ where: { workerId: input.workerId, status: 'pending' } })
  if (pending) return { dueAt: pending.dueAt }
  const worker = await tx.worker.findUniqueOrThrow({ where: { id: input.workerId }, select: { unitId: true } })
  const unit = await resolveUnit(tx, { hinted: null, workerUnitId: worker.unitId, defaultUnitCode: desk.config.DEFAULT_UNIT_CODE })
  const dueAt = new Date(input.at.getTime() + desk.config.ERASURE_DUE_DAYS * 24 * 3600_000)
  const request = await tx.erasureRequest.create({ data: { workerId: input.workerId, unitId: unit.id, channel: input.channel, requestedAt: input.at, dueAt } })
  const leader = await unitLeader(tx, unit.id)
  if (leader) {
    await notifyCadre(tx, { cadreId: leader.id, kind: 'erasure.requested', dedupeKey: `erasure-${request.id}`, at: input.at, data: { erasureRequestId: request.id, dueAt: dueAt.toISOString() } })
  }
  return { dueAt }
}

/** "谢谢" after a case was settled: the worker is satisfied, unless they already rated it. */
export async function thanksAsSatisfaction(tx: Tx, ticket: Ticket, at: Date) {
  await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'worker.thanked', actor: 'worker', createdAt: at } })
  if (ticket.satisfaction) return
  await tx.ticket.update({ where: { id: ticket.id }, data: { satisfaction: 'satisfied', satisfactionAt: at } })
  await tx.callbackTask.updateMany({
    where: { ticketId: ticket.id, kind: 'satisfaction', status: 'pending' },
    data: { status: 'done', outcome: 'reached', note: '职工发来感谢，记为满意', completedAt: at },
  })
}

/** 人工: the ticket's cadre (or, with none, the unit's leader) is told the worker wants a person now. */
export async function askForPerson(tx: Tx, ticket: Ticket, at: Date) {
  const cadreId = ticket.assigneeId ?? (await unitLeader(tx, ticket.unitId))?.id
  if (!cadreId) return
  await notifyCadre(tx, { cadreId, kind: 'worker.wants_person', ticketId: ticket.id, dedupeKey: `person-${ticket.id}-${at.getTime()}`, at, data: {} })
}
