import type { Db, Tx } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { ErasureRequest } from '../../generated/prisma/client.ts'
import type { AuditAction } from '../accounts/index.ts'
import type { Desk } from '../desk.ts'
import { inWorkersScript, stageWorkerMessage } from '../messaging/index.ts'
import { flushOutbox } from '../../queue/outbox.ts'

/**
 * 删除我的信息 (PIPL art. 47), the unit admin's side: the worker asked in a chat
 * (conversation/records.ts, requestErasure); an admin of the request's unit or above completes
 * it by its due date, or declines it with a reason. Completing removes what identifies the
 * worker and what they wrote, and keeps the union's record of its work: the tickets, their
 * numbers, categories, timelines and counts, and the cadres' own replies and notes.
 */

/** What an erased worker's messages read afterwards. */
export const ERASED_TEXT = '（职工要求删除，内容已删除）'

/** The one Delivery.errorCode of a send given up because the worker's information was deleted. */
export const ERASED_DELIVERY_CODE = 'worker_erased'

/** Who acts: the account (for the audit log) and its sign-in name (for the request and the timeline). */
export type ErasureActor = { accountId: string; login: string }

export type PendingErasure = ErasureRequest & {
  overdue: boolean
  unitName: string
  /** Sealed, as stored: the page opens and masks them. */
  worker: { nameEnc: string | null; phoneEnc: string | null }
  tickets: number
  openTickets: number
}

/** A unit admin's pending requests (their unit and below, `unitIds`), the one due first on top. */
export async function pendingErasures(db: Db, unitIds: string[], at: Date): Promise<PendingErasure[]> {
  const requests = await db.erasureRequest.findMany({ where: { status: 'pending', unitId: { in: unitIds } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] })
  const workerIds = [...new Set(requests.map((r) => r.workerId))]
  const [workers, units, counts] = await Promise.all([
    db.worker.findMany({ where: { id: { in: workerIds } }, select: { id: true, nameEnc: true, phoneEnc: true } }),
    db.orgUnit.findMany({ where: { id: { in: [...new Set(requests.map((r) => r.unitId))] } }, select: { id: true, name: true } }),
    db.ticket.groupBy({ by: ['workerId', 'status'], where: { workerId: { in: workerIds } }, _count: { _all: true } }),
  ])
  const worker = new Map(workers.map((w) => [w.id, w]))
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  const count = (workerId: string, open: boolean) =>
    counts.filter((c) => c.workerId === workerId && (!open || c.status !== 'closed')).reduce((n, c) => n + c._count._all, 0)
  return requests.map((r) => ({
    ...r,
    overdue: r.dueAt <= at,
    unitName: unitName.get(r.unitId) ?? '',
    worker: { nameEnc: worker.get(r.workerId)?.nameEnc ?? null, phoneEnc: worker.get(r.workerId)?.phoneEnc ?? null },
    tickets: count(r.workerId, false),
    openTickets: count(r.workerId, true),
  }))
}

/** The latest requests already answered in the subtree, for the record: who completed or declined which, when, why. */
export const answeredErasures = (db: Db, unitIds: string[], take = 20) =>
  db.erasureRequest.findMany({ where: { status: { in: ['done', 'declined'] }, unitId: { in: unitIds } }, orderBy: [{ completedAt: 'desc' }, { id: 'desc' }], take })

/** One request, if it is in the subtree: anything else is not found, whether or not it exists. */
export const erasureRequestIn = (db: Db | Tx, requestId: string, unitIds: string[]) => db.erasureRequest.findFirst({ where: { id: requestId, unitId: { in: unitIds } } })

/** What completing a request would delete, counted, so the admin confirms knowing it. */
export async function erasureExtent(db: Db, workerId: string) {
  const [worker, messages, tickets, identities, deliveries, hardship, callbacks] = await Promise.all([
    db.worker.findUnique({ where: { id: workerId }, select: { nameEnc: true, phoneEnc: true, location: true, sensitiveConsent: true } }),
    db.message.count({ where: { workerId, direction: 'in' } }),
    db.ticket.findMany({ where: { workerId }, select: { number: true, status: true, facts: true }, orderBy: { createdAt: 'asc' } }),
    db.channelIdentity.findMany({ where: { workerId }, select: { channel: true } }),
    db.delivery.count({ where: { workerId, status: { in: [...UNSENT] } } }),
    db.hardshipRecord.count({ where: { workerId } }),
    db.callbackTask.count({ where: { workerId, status: 'pending' } }),
  ])
  return {
    name: Boolean(worker?.nameEnc), phone: Boolean(worker?.phoneEnc), location: Boolean(worker?.location), consent: Boolean(worker?.sensitiveConsent),
    messages, tickets: tickets.map((t) => t.number), openTickets: tickets.filter((t) => t.status !== 'closed').length, ticketsWithFacts: tickets.filter((t) => t.facts).length,
    channels: [...new Set(identities.map((i) => i.channel))], unsentDeliveries: deliveries, hardshipRecords: hardship, pendingCallbacks: callbacks,
  }
}
export type ErasureExtent = Awaited<ReturnType<typeof erasureExtent>>

/**
 * The audit entry, in the caller's transaction, as accounts' audit() writes it. Written here
 * because accounts/index.ts reaches node:crypto (passwords) and people is part of buildApp,
 * which must run at the edge: only the type is imported.
 */
const audited = (tx: Tx, entry: { accountId: string; action: AuditAction; erasureRequestId: string; tickets?: number; at: Date }) =>
  tx.auditEntry.create({
    data: { accountId: entry.accountId, action: entry.action, data: JSON.stringify({ erasureRequestId: entry.erasureRequestId, ...(entry.tickets === undefined ? {} : { tickets: entry.tickets }) }), createdAt: entry.at },
  })

/** Deliveries not sent yet: none of them may go out once the worker asked to be forgotten. */
const UNSENT = ['pending', 'sending', 'deferred'] as const

export type ErasureOutcome =
  | { outcome: 'completed' | 'declined'; request: ErasureRequest; tickets: string[] }
  /** Answered before (twice clicked, two admins at once): nothing was changed. */
  | { outcome: 'already_done' | 'already_declined'; request: ErasureRequest }
  | { outcome: 'not_found' }
  | { outcome: 'reason_required' }

/** The request is taken in the same statement that checks it is pending, so two admins at once answer it once. */
async function claim(tx: Tx, input: { requestId: string; unitIds: string[] }, data: { status: 'done' | 'declined'; completedAt: Date; completedBy: string; note?: string }) {
  const taken = await tx.erasureRequest.updateMany({ where: { id: input.requestId, unitId: { in: input.unitIds }, status: 'pending' }, data })
  const request = await erasureRequestIn(tx, input.requestId, input.unitIds)
  if (!request) return { outcome: 'not_found' } as const
  if (!taken.count) return { outcome: request.status === 'declined' ? 'already_declined' : 'already_done', request } as const
  // The leader's notice of the request is settled with it.
  await tx.cadreNotice.updateMany({ where: { dedupeKey: `erasure-${request.id}`, readAt: null }, data: { readAt: data.completedAt } })
  return { outcome: 'claimed', request } as const
}

/**
 * Completes a request in one transaction. Deleted: the worker's name, phone (and their blind
 * indexes), location and consent; the text and media of every message they wrote; the facts
 * gathered on their tickets, the classifier's reason (it quotes their words) and a web
 * ticket's access code; how every channel knows them (identities, channel events keyed by
 * their OpenID) and the conversation state. Sends not made yet are given up for good; calls owed
 * to them are cancelled and a hardship record is closed, without the household size.
 * Kept: the Worker row (unit only) and every ticket with its number, category, status,
 * timeline and the cadres' replies, each ticket marked 'worker.erased'.
 */
export async function completeErasure(desk: Pick<Desk, 'db' | 'now'>, input: { requestId: string; by: ErasureActor; unitIds: string[] }): Promise<ErasureOutcome> {
  const now = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const claimed = await claim(tx, input, { status: 'done', completedAt: now, completedBy: input.by.login })
    if (claimed.outcome !== 'claimed') return claimed
    const { request } = claimed
    const workerId = request.workerId
    await tx.worker.update({
      where: { id: workerId },
      data: { nameEnc: null, phoneEnc: null, phoneHash: null, nameHash: null, location: null, sensitiveConsent: null, sensitiveConsentAt: null },
    })
    await tx.message.updateMany({ where: { workerId, direction: 'in' }, data: { text: ERASED_TEXT, media: null, answer: null } })
    const tickets = await tx.ticket.findMany({ where: { workerId }, select: { id: true, number: true }, orderBy: { createdAt: 'asc' } })
    await tx.ticket.updateMany({ where: { workerId }, data: { facts: null, classifyReason: '', accessCodeHash: null } })
    await tx.ticketEvent.createMany({
      data: tickets.map((t) => ({ ticketId: t.id, type: 'worker.erased', actor: `account:${input.by.login}`, createdAt: now, data: JSON.stringify({ erasureRequestId: request.id }) })),
    })
    // dead, not failed: the one state no retry, claim or reconciler touches again (messaging/delivery.ts), so this reason stays.
    await tx.delivery.updateMany({
      where: { workerId, status: { in: [...UNSENT] } },
      data: { status: 'dead', errorCode: ERASED_DELIVERY_CODE, error: 'the worker asked for their information to be deleted: nothing more is sent to them' },
    })
    await tx.channelIdentity.deleteMany({ where: { workerId } })
    await tx.channelEvent.deleteMany({ where: { workerId } })
    await tx.conversation.deleteMany({ where: { workerId } })
    await tx.hardshipRecord.updateMany({ where: { workerId }, data: { householdSize: null } })
    await tx.hardshipRecord.updateMany({ where: { workerId, exitedAt: null }, data: { exitedAt: now, exitReason: '职工要求删除个人信息' } })
    await tx.callbackTask.updateMany({ where: { workerId, status: 'pending' }, data: { status: 'cancelled', note: '职工要求删除个人信息，不再回访', completedAt: now } })
    await audited(tx, { accountId: input.by.accountId, action: 'erasure.completed', erasureRequestId: request.id, tickets: tickets.length, at: now })
    return { outcome: 'completed', request, tickets: tickets.map((t) => t.number) }
  })
}

/** Declines a request, for a reason the admin gives (a case before a court or arbitration, a legal duty to keep the record). */
/**
 * A request the union cannot carry out (a case in arbitration, records the law says to keep):
 * recorded with its reason, and the worker is told it, on the channel they asked on
 * (PIPL art. 50: a refusal gives its reason).
 */
export async function declineErasure(desk: Desk, input: { requestId: string; by: ErasureActor; note: string; unitIds: string[] }): Promise<ErasureOutcome> {
  const note = input.note.trim()
  if (!note) return { outcome: 'reason_required' }
  const now = desk.now()
  const { outcome, staged } = await inTransaction(desk.db, async (tx) => {
    const claimed = await claim(tx, input, { status: 'declined', completedAt: now, completedBy: input.by.login, note })
    if (claimed.outcome !== 'claimed') return { outcome: claimed, staged: [] }
    await audited(tx, { accountId: input.by.accountId, action: 'erasure.declined', erasureRequestId: claimed.request.id, at: now })
    const request = claimed.request
    // On the portal the worker reads it on their latest request's page.
    const latest = await tx.ticket.findFirst({ where: { workerId: request.workerId, channel: request.channel }, orderBy: { createdAt: 'desc' }, select: { id: true } })
    const view = { reason: note, hotline: desk.config.UNION_HOTLINE }
    const text = latest ? await inWorkersScript(tx, desk, latest.id, 'erasure-declined', view) : desk.replies.render('erasure-declined', view)
    const { job } = await stageWorkerMessage(tx, { workerId: request.workerId, channel: request.channel, ticketId: latest?.id, text, purpose: 'erasure_declined', at: now })
    return { outcome: { outcome: 'declined' as const, request, tickets: [] }, staged: [job] }
  })
  await flushOutbox(desk, staged)
  return outcome
}
