import type { Db, Tx } from '../../db/client.ts'

/** What the audit log records. A revealed value is never written here, only that it was revealed. */
export type AuditAction =
  | 'login' | 'login.failed' | 'logout' | 'password.changed' | 'account.created' | 'account.changed' | 'reveal'
  | 'ticket.replied' | 'ticket.asked' | 'ticket.closed' | 'ticket.reassigned' | 'ticket.noted' | 'ticket.reclassified' | 'callback.recorded' | 'cadre.updated' | 'ticket.linked' | 'canned.changed' | 'sla.changed' | 'unit.changed' | 'wording.changed'

export async function audit(db: Db | Tx, entry: { accountId: string | null; action: AuditAction; ticketId?: string; data?: Record<string, unknown>; at: Date }) {
  await db.auditEntry.create({
    data: { accountId: entry.accountId, action: entry.action, ticketId: entry.ticketId ?? null, data: entry.data ? JSON.stringify(entry.data) : null, createdAt: entry.at },
  })
}
