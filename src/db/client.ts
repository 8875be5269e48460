import { chmodSync, existsSync } from 'node:fs'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../generated/prisma/client.ts'
import { serialisedSqlite } from './sqlite-adapter.ts'
import { databaseKind } from './url.ts'

export type { PrismaClient }
export type Db = PrismaClient
/** The client handed to code running inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/**
 * Opens the database, with the Prisma driver adapter the URL names. SQLite through
 * better-sqlite3 is the embedded default, on one connection: sqlite-adapter.ts keeps each
 * request's statements out of another's transaction, and starts transactions with the write
 * lock so that the busy timeout makes them wait (up to 5 s) for a writer in another process
 * instead of failing at once.
 */
export function createPrisma(url: string): PrismaClient {
  switch (databaseKind(url)) {
    case 'sqlite':
      return new PrismaClient({ adapter: serialisedSqlite(new PrismaBetterSQLite3({ url, timeout: 5000 })) })
    case 'postgresql':
      throw new Error('DATABASE_URL names PostgreSQL, which this version of the desk cannot run on yet: use a file: URL (SQLite).')
    default:
      throw new Error('DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL.')
  }
}

/**
 * WAL mode lets readers run while a writer commits; foreign keys are off by default in
 * SQLite. The files hold what workers wrote: only the desk's user may read them (0600).
 */
export async function tuneDatabase(db: PrismaClient, url: string): Promise<void> {
  if (databaseKind(url) !== 'sqlite') return
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  const file = url.slice('file:'.length)
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
}
