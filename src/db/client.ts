import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../generated/prisma/client.ts'

export type { PrismaClient }
export type Db = PrismaClient
/** The client handed to code running inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/**
 * Opens the database. SQLite through the better-sqlite3 driver adapter is the
 * embedded default; WAL mode lets readers run while a writer commits, and the busy
 * timeout makes concurrent writers wait instead of failing.
 */
export function createPrisma(url: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url, timeout: 5000 })
  return new PrismaClient({ adapter })
}

export async function tuneSqlite(db: PrismaClient): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON')
}
