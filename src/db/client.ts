import { chmodSync, existsSync } from 'node:fs'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { PrismaClient as PostgresqlClient } from '../generated/prisma-postgresql/client.ts'
import { withSqlLayer } from './sql.ts'
import { serialisedSqlite } from './sqlite-adapter.ts'
import { databaseKind } from './url.ts'

export type { PrismaClient }
/**
 * The desk's database client. Code is typed against the SQLite client: the PostgreSQL one
 * is generated from the same models and accepts everything it does (and more, such as
 * `mode: 'insensitive'`, which the desk therefore does not use).
 */
export type Db = PrismaClient
/** The client handed to code running inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

export type DatabaseOptions = { poolSize?: number }

/**
 * Opens the database, with the Prisma driver adapter the URL names.
 * - SQLite through better-sqlite3, the embedded default, on one connection: sqlite-adapter.ts
 *   keeps each request's statements out of another's transaction, and starts transactions
 *   with the write lock so that the busy timeout makes them wait (up to 5 s) for a writer in
 *   another process instead of failing at once.
 * - PostgreSQL through node-postgres, a pool per process (`poolSize` connections).
 * The hot path's hand-written SQL (sql.ts, `sqlOf(db)`) runs on the same adapter.
 */
export function createPrisma(url: string, opts: DatabaseOptions = {}): Db {
  switch (databaseKind(url)) {
    case 'sqlite': {
      const layer = withSqlLayer('sqlite', serialisedSqlite(new PrismaBetterSQLite3({ url, timeout: 5000 })))
      const db = new PrismaClient({ adapter: layer.factory })
      layer.register(db)
      return db
    }
    case 'postgresql': {
      // The same patience as SQLite's busy timeout: a row or table held by another writer is
      // waited for 5 s, then the request answers 503 with Retry-After instead of hanging.
      const adapter = new PrismaPg({
        connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000,
        lock_timeout: 5000, statement_timeout: 15_000, idle_in_transaction_session_timeout: 30_000,
      })
      const layer = withSqlLayer('postgresql', adapter)
      const db = new PostgresqlClient({ adapter: layer.factory }) as unknown as Db
      layer.register(db)
      return db
    }
    default:
      throw new Error('DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL.')
  }
}

/**
 * SQLite: WAL mode lets readers run while a writer commits; foreign keys are off by
 * default. The files hold what workers wrote: only the desk's user may read them (0600).
 * PostgreSQL needs nothing here: the server's own settings and roles protect its files.
 */
export async function tuneDatabase(db: Db, url: string): Promise<void> {
  if (databaseKind(url) !== 'sqlite') return
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  const file = url.slice('file:'.length)
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
}
