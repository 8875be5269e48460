import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { createPrisma, tuneDatabase, type PrismaClient } from '../../src/db/client.ts'

/**
 * The database this run of the suite tests on (npm test runs it once on each): every test
 * file gets its own copy of a database migrated once per run by global-setup.ts.
 */
export const testDatabaseKind = inject('databaseKind')

export type TestDatabase = { url: string; drop(): Promise<void> }

/** A fresh, migrated database: a copy of the SQLite template file, or a PostgreSQL database cloned from the template. */
export async function freshDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'postgresql') {
    const name = `nj_${randomBytes(6).toString('hex')}`
    // Two files cloning the template at the same instant can meet "being accessed by other users" (55006).
    for (let attempt = 1; ; attempt++) {
      try {
        await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`)
        break
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err
        await new Promise((r) => setTimeout(r, 50 * attempt))
      }
    }
    const url = new URL(inject('postgresServer'))
    url.pathname = `/${name}`
    return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-db-'))
  const file = path.join(dir, 'niangjia.db')
  copyFileSync(inject('templateDatabase'), file)
  return { url: `file:${file}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }
}

/** One statement on the PostgreSQL server's maintenance database (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function adminQuery(sql: string, server = inject('postgresServer')): Promise<void> {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * Another process holds the write lock on the messages table until `release` is called:
 * SQLite's exclusive file lock, or a PostgreSQL transaction holding LOCK TABLE (reads go on).
 */
export async function holdWriteLock(databaseUrl: string): Promise<{ release(): Promise<void> }> {
  if (databaseUrl.startsWith('file:')) {
    const { default: Database } = await import('better-sqlite3')
    const lock = new Database(databaseUrl.slice('file:'.length))
    lock.exec('BEGIN EXCLUSIVE')
    return {
      async release() {
        if (lock.inTransaction) lock.exec('ROLLBACK')
        lock.close()
      },
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query('BEGIN')
  await client.query('LOCK TABLE "Message" IN EXCLUSIVE MODE')
  let released: Promise<void> | undefined
  return {
    release: () => (released ??= client.query('ROLLBACK').then(() => client.end())),
  }
}

/**
 * A database of the test file's own, opened as the desk opens one (createPrisma, then
 * tuneDatabase) before its first test and dropped after its last. Read `db` and `url` from
 * inside the tests (they exist once beforeAll has run).
 */
export function clientForThisFile(): { readonly db: PrismaClient; readonly url: string } {
  let database: TestDatabase | undefined
  let db: PrismaClient | undefined
  beforeAll(async () => {
    database = await freshDatabase()
    db = createPrisma(database.url)
    await tuneDatabase(db, database.url)
  })
  afterAll(async () => {
    await db?.$disconnect()
    await database?.drop()
  })
  return {
    get db() {
      if (!db) throw new Error('The file\'s database opens in beforeAll: use it inside a test.')
      return db
    },
    get url() {
      if (!database) throw new Error('The file\'s database opens in beforeAll: use it inside a test.')
      return database.url
    },
  }
}
