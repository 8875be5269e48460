import type { Db, Tx } from '../../db/client.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { unitsIn, type Scope } from './scope.ts'

export { audit, type AuditAction } from '../audit-trail.ts'
import type { AuditAction } from '../audit-trail.ts'

/** What a unit admin asks the audit log: every field optional; `before` is exclusive. */
export type AuditQuery = { action?: AuditAction; login?: string; ticketNumber?: string; from?: Date; before?: Date }

export type AuditPage = {
  entries: { id: string; at: Date; login: string | null; action: string; ticketNumber: string | null }[]
  /** How many entries match, over all pages. */
  total: number
}

/**
 * The audit log as a unit admin reads it: what the people of their subtree did (an entry
 * belongs to the account that acted, so the scope is that account's unit), newest first,
 * `take` at a time after `skip`. A ticket number that names no ticket matches nothing, the
 * same whether or not it exists elsewhere.
 */
export async function auditLog(db: Db, scope: Scope, query: AuditQuery, page: { skip: number; take: number }): Promise<AuditPage> {
  const ticket = query.ticketNumber ? await db.ticket.findUnique({ where: { number: query.ticketNumber }, select: { id: true } }) : undefined
  if (ticket === null) return { entries: [], total: 0 }
  const where: Prisma.AuditEntryWhereInput = {
    account: { unit: unitsIn(scope), ...(query.login ? { login: query.login } : {}) },
    ...(query.action ? { action: query.action } : {}),
    ...(ticket ? { ticketId: ticket.id } : {}),
    ...(query.from || query.before ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.before ? { lt: query.before } : {}) } } : {}),
  }
  const [rows, total] = await Promise.all([
    db.auditEntry.findMany({ where, include: { account: { select: { login: true } } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: page.skip, take: page.take }),
    db.auditEntry.count({ where }),
  ])
  const ids = [...new Set(rows.flatMap((e) => (e.ticketId ? [e.ticketId] : [])))]
  const numbers = new Map((await db.ticket.findMany({ where: { id: { in: ids } }, select: { id: true, number: true } })).map((t) => [t.id, t.number]))
  return {
    entries: rows.map((e) => ({ id: e.id, at: e.createdAt, login: e.account?.login ?? null, action: e.action, ticketNumber: e.ticketId ? (numbers.get(e.ticketId) ?? null) : null })),
    total,
  }
}
