/**
 * What a database failure means, read from Prisma's error codes (and the driver's, which
 * Prisma passes through as `cause`), never from message text: messages change between
 * versions and languages, codes do not.
 * https://www.prisma.io/docs/orm/reference/error-reference
 */
const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined

/**
 * The unique key said "seen before": a repeated message, job or event. P2002 from the ORM;
 * from the SQL layer (sql.ts) the driver adapter's own error, whose cause says its kind.
 */
export const isUniqueViolation = (err: unknown): boolean =>
  codeOf(err) === 'P2002' || (err as { cause?: { kind?: unknown } } | null)?.cause?.kind === 'UniqueConstraintViolation'

/**
 * The database is there but cannot take the work now (locked by another writer, pool
 * exhausted, a transaction that waited too long): trying again later can succeed.
 * P1001/P1002 cannot reach it, P1008 timed out, P2024 no connection from the pool,
 * P2028 the transaction could not start or expired, P2034 a write conflict or deadlock;
 * SQLITE_BUSY / SQLITE_CANTOPEN and PostgreSQL's SQLSTATEs from the driver.
 */
const transientCodes = new Set([
  'P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034',
  'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_CANTOPEN',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE',
  // PostgreSQL SQLSTATEs: connection lost or refused (08…), server shutting down or starting
  // (57P01–57P03), too many connections, serialisation failure or deadlock (40001, 40P01),
  // lock_timeout (55P03), statement_timeout (57014), a database closed to connections (55000 on connect).
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '40001', '40P01', '55P03', '57014',
])
export function isTransientDbError(err: unknown): boolean {
  // Walk the chain: Prisma's error, the adapter's error (on `cause`, or on `meta` for raw
  // queries, code P2010), and the driver's `{ kind, originalCode }` under it.
  const seen: unknown[] = [err]
  for (let i = 0; i < seen.length && i < 8; i++) {
    const e = seen[i] as { code?: unknown; originalCode?: unknown; severity?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } } | null
    if (!e || typeof e !== 'object') continue
    for (const code of [e.code, e.originalCode]) if (typeof code === 'string' && transientCodes.has(code)) return true
    // PostgreSQL ends the session with FATAL (refused at connect, terminated, shutting down): whatever the code, the next connection may work.
    if (e.severity === 'FATAL' || e.severity === 'PANIC') return true
    if (e.cause) seen.push(e.cause)
    if (e.meta?.driverAdapterError) seen.push(e.meta.driverAdapterError)
  }
  return false
}
