import { Prisma } from '../generated/prisma/client.ts'
import { databaseKind, type DatabaseKind } from './url.ts'

/**
 * Where SQLite and PostgreSQL must differ, and how. Everything else (the ORM's queries,
 * the few hand-written statements with double-quoted names, `$1` placeholders from
 * Prisma's tagged templates, dates and booleans passed as parameters) is the same on both.
 */
export type Dialect = {
  kind: DatabaseKind
  /**
   * Rows a process may take for itself without waiting for, or being seen by, another one
   * doing the same (`FOR UPDATE SKIP LOCKED`). SQLite has one writer and no row locks:
   * there, one process at a time holds a lease instead.
   */
  skipLocked: Prisma.Sql | null
}

const dialects: Record<DatabaseKind, Dialect> = {
  sqlite: { kind: 'sqlite', skipLocked: null },
  postgresql: { kind: 'postgresql', skipLocked: Prisma.sql`FOR UPDATE SKIP LOCKED` },
}

export function dialectOf(url: string): Dialect {
  const kind = databaseKind(url)
  if (!kind) throw new Error('DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL.')
  return dialects[kind]
}
