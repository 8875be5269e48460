import type { Db, Tx } from '../../db/client.ts'

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
 * Tells a cadre something, in the caller's transaction. Today that is a row in the cadre's
 * inbox (CadreNotice) and, for a ticket, the same fact on its timeline (TicketEvent);
 * cadres have no channel yet. The later issue that pushes notices to a cadre's WeChat
 * stages an outbound job here, and every caller gets it for free.
 *
 * Returns false when the key was seen before. A concurrent duplicate that slips past the
 * check fails the transaction on the unique key; callers treat that as "already done".
 */
export async function notifyCadre(tx: Tx, n: CadreNoticeInput): Promise<boolean> {
  if (await tx.cadreNotice.findUnique({ where: { dedupeKey: n.dedupeKey }, select: { id: true } })) return false
  const data = JSON.stringify(n.data)
  await tx.cadreNotice.create({
    data: { cadreId: n.cadreId, kind: n.kind, ticketId: n.ticketId ?? null, callbackTaskId: n.callbackTaskId ?? null, data, dedupeKey: n.dedupeKey, createdAt: n.at },
  })
  if (n.ticketId) {
    await tx.ticketEvent.create({
      data: { ticketId: n.ticketId, type: n.kind, data: JSON.stringify({ toCadreId: n.cadreId, ...n.data }), dedupeKey: n.dedupeKey, createdAt: n.at },
    })
  }
  return true
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
