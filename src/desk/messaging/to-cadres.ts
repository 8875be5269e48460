import { channelSpecs } from '../../channels/catalog.ts'
import type { Db, Tx } from '../../db/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { stageJob, stageJobs } from '../../queue/outbox.ts'

export type CadreNoticeKind =
  | 'sla.reminder'
  | 'sla.escalated'
  | 'leader.notified'
  | 'ticket.assigned'
  | 'callback.due'
  | 'callback.overdue'
  | 'satisfaction.unsatisfied'
  | 'worker.wants_person'
  | 'erasure.requested'

export type CadreNoticeInput = {
  cadreId: string
  kind: CadreNoticeKind
  ticketId?: string | null
  callbackTaskId?: string | null
  /** Ids, deadlines, levels: never message text or contact data. */
  data: Record<string, unknown>
  /** The timer's job id (or another stable key): a repeated job tells nobody twice. */
  dedupeKey: string
  at: Date
}

/**
 * Tells a cadre something, in the caller's transaction: a row in the cadre's inbox
 * (CadreNotice), for a ticket the same fact on its timeline (TicketEvent), and for a cadre
 * who linked their own account on a channel that carries cadre notices (the bot's WeChat,
 * src/desk/chat-links) a send staged on that channel's queue, which the relay puts there after
 * the commit. The send re-reads the notice and the link, so an unlinked cadre gets nothing.
 *
 * Returns false when the key was seen before. A concurrent duplicate that slips past the
 * check fails the transaction on the unique key; callers treat that as "already done".
 */
export async function notifyCadre(tx: Tx, n: CadreNoticeInput): Promise<boolean> {
  if (await tx.cadreNotice.findUnique({ where: { dedupeKey: n.dedupeKey }, select: { id: true } })) return false
  const data = JSON.stringify(n.data)
  const notice = await tx.cadreNotice.create({
    data: { cadreId: n.cadreId, kind: n.kind, ticketId: n.ticketId ?? null, callbackTaskId: n.callbackTaskId ?? null, data, dedupeKey: n.dedupeKey, createdAt: n.at },
  })
  for (const spec of channelSpecs) {
    if (!spec.cadreNotices || !spec.queue) continue
    // The link's table is read here rather than through chat-links' surface: that area reaches
    // messaging through people, and the send checks the link again (active cadre) anyway.
    const linked = await tx.cadreChatLink.findFirst({ where: { cadreId: n.cadreId, channel: spec.channel }, select: { id: true } })
    if (!linked) continue
    await stageJob(tx, { queue: spec.queue, name: 'cadre_notice', jobId: jobIds.cadreNotice(notice.id), payload: { noticeId: notice.id }, runAt: n.at })
  }
  if (n.ticketId) {
    await tx.ticketEvent.create({
      data: { ticketId: n.ticketId, type: n.kind, data: JSON.stringify({ toCadreId: n.cadreId, ...n.data }), dedupeKey: n.dedupeKey, createdAt: n.at },
    })
  }
  return true
}

/**
 * Several notices at once (a burst of SLA steps), the same rows notifyCadre writes for each,
 * in a statement per table. For keys the caller found unrecorded in its transaction: one
 * recorded meanwhile by a concurrent run fails the transaction on the unique key.
 */
export async function notifyCadres(tx: Tx, inputs: CadreNoticeInput[]): Promise<void> {
  if (inputs.length === 0) return
  const notices = await tx.cadreNotice.createManyAndReturn({
    data: inputs.map((n) => ({ cadreId: n.cadreId, kind: n.kind, ticketId: n.ticketId ?? null, callbackTaskId: n.callbackTaskId ?? null, data: JSON.stringify(n.data), dedupeKey: n.dedupeKey, createdAt: n.at })),
    select: { id: true, cadreId: true, createdAt: true },
  })
  const cadreIds = [...new Set(inputs.map((n) => n.cadreId))]
  for (const spec of channelSpecs) {
    if (!spec.cadreNotices || !spec.queue) continue
    const linked = new Set((await tx.cadreChatLink.findMany({ where: { cadreId: { in: cadreIds }, channel: spec.channel }, select: { cadreId: true } })).map((l) => l.cadreId))
    const queue = spec.queue
    await stageJobs(tx, notices.filter((n) => linked.has(n.cadreId)).map((n) => ({ queue, name: 'cadre_notice', jobId: jobIds.cadreNotice(n.id), payload: { noticeId: n.id }, runAt: n.createdAt })))
  }
  const onTickets = inputs.filter((n) => n.ticketId)
  if (onTickets.length === 0) return
  await tx.ticketEvent.createMany({
    data: onTickets.map((n) => ({ ticketId: n.ticketId!, type: n.kind, data: JSON.stringify({ toCadreId: n.cadreId, ...n.data }), dedupeKey: n.dedupeKey, createdAt: n.at })),
  })
}

/** A cadre's inbox, newest first: what the console shows until notices reach the cadre's phone. */
export async function cadreInbox(db: Db, input: { cadreId: string; unreadOnly: boolean; limit: number }) {
  const notices = await db.cadreNotice.findMany({
    where: { cadreId: input.cadreId, ...(input.unreadOnly ? { readAt: null } : {}) },
    orderBy: { createdAt: 'desc' },
    take: input.limit,
  })
  return {
    notices: notices.map((n) => ({
      id: n.id, kind: n.kind, ticketId: n.ticketId, callbackTaskId: n.callbackTaskId, data: n.data ? (JSON.parse(n.data) as unknown) : null,
      createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
    })),
  }
}
