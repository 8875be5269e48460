import type { Db, Tx } from '../db/client.ts'

/*
 * The audit trail's writer, apart from the accounts area: areas that run in buildApp (people,
 * postings) record what people did, and accounts/index.ts reaches node:crypto (passwords),
 * which the edge does not have. accounts re-exports both and keeps the log's reading side.
 */

/** What the audit log records. A revealed value is never written here, only that it was revealed. */
export type AuditAction =
  | 'login' | 'login.failed' | 'login.locked' | 'logout' | 'password.changed' | 'account.created' | 'account.changed' | 'reveal'
  | 'ticket.replied' | 'ticket.asked' | 'ticket.closed' | 'ticket.reassigned' | 'ticket.noted' | 'ticket.reclassified' | 'callback.recorded' | 'cadre.updated' | 'ticket.linked' | 'canned.changed' | 'sla.changed' | 'unit.changed' | 'wording.changed' | 'knowledge.changed'
  | 'erasure.completed' | 'erasure.declined'
  | 'posting.created' | 'posting.changed' | 'posting.submitted' | 'posting.published' | 'posting.withdrawn' | 'posting.filled'
  | 'employer.registered' | 'employer.approved' | 'employer.suspended'
  | 'chatgroup.bound' | 'chatgroup.unbound' | 'chatlink.code_issued' | 'chatlink.linked' | 'chatlink.locked' | 'chatlink.unlinked'

export async function audit(db: Db | Tx, entry: { accountId: string | null; action: AuditAction; ticketId?: string; data?: Record<string, unknown>; at: Date }) {
  await db.auditEntry.create({
    data: { accountId: entry.accountId, action: entry.action, ticketId: entry.ticketId ?? null, data: entry.data ? JSON.stringify(entry.data) : null, createdAt: entry.at },
  })
}

