import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import pg from 'pg'
import { repoRoot } from '../node/repo-root.ts'
import { databaseKind } from './url.ts'

/** Prisma's record of applied migrations: the rows of _prisma_migrations that matter here. */
type Applied = { migration_name: string; finished_at: unknown; rolled_back_at: unknown }

export type MigrationState = { pending: string[]; failed: string[] }

const migrationsDir = (url: string) =>
  databaseKind(url) === 'postgresql' ? path.join(repoRoot, 'prisma', 'postgresql', 'migrations') : path.join(repoRoot, 'prisma', 'migrations')

/** What the database has not applied of the history in the repository, and what failed part-way. */
export async function migrationState(databaseUrl: string): Promise<MigrationState> {
  const all = readdirSync(migrationsDir(databaseUrl), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
  const applied = await appliedMigrations(databaseUrl)
  const done = new Set(applied.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name))
  const failed = applied.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name)
  return { pending: all.filter((m) => !done.has(m)), failed }
}

async function appliedMigrations(url: string): Promise<Applied[]> {
  const query = 'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations'
  if (databaseKind(url) === 'postgresql') {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
    await client.connect()
    try {
      const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS t`)
      return rows[0]?.t ? (await client.query<Applied>(query)).rows : []
    } finally {
      await client.end()
    }
  }
  const file = url.slice('file:'.length)
  if (!existsSync(file)) return []
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get()
    return table ? (db.prepare(query).all() as Applied[]) : []
  } finally {
    db.close()
  }
}

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (offline, JS schema
 * engine: see prisma.config.ts). Only runs it when something is pending: a second desk
 * process starting beside a running one must not need the write lock the first holds.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (databaseUrl.startsWith('file:')) mkdirSync(path.dirname(databaseUrl.slice('file:'.length)), { recursive: true })
  if ((await migrationState(databaseUrl)).pending.length === 0) return
  const prisma = path.join(repoRoot, 'node_modules', '.bin', 'prisma')
  try {
    await promisify(execFile)(prisma, ['migrate', 'deploy'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    })
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string }
    throw new Error(`Database migration failed: ${(e.stderr || e.stdout || e.message).trim().slice(-2000)}`)
  }
}

/**
 * The web and worker roles never change the schema: several of them start at once, and a
 * migration is a deploy step an operator runs once (`npm run db:migrate`). They refuse to
 * start on a database that is behind, and say which migrations it lacks.
 */
export async function assertMigrated(databaseUrl: string): Promise<void> {
  const { pending, failed } = await migrationState(databaseUrl)
  if (failed.length)
    throw new Error(`Migration ${failed.join(', ')} failed part-way on this database. Fix it by hand before starting (docs/operations.md, "Upgrades").`)
  if (pending.length)
    throw new Error(`The database has not applied migration${pending.length > 1 ? 's' : ''} ${pending.join(', ')}. Run \`npm run db:migrate\` with the same DATABASE_URL, then start again.`)
}
