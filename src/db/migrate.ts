import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import Database from 'better-sqlite3'
import path from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from '../node/repo-root.ts'

/** The migrations in prisma/migrations that the database has not finished applying. */
export function pendingMigrations(databaseUrl: string): string[] {
  const all = readdirSync(path.join(repoRoot, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
  const file = databaseUrl.slice('file:'.length)
  if (!existsSync(file)) return all
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get()
    if (!table) return all
    const done = new Set(
      (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as { migration_name: string }[]).map(
        (r) => r.migration_name,
      ),
    )
    return all.filter((m) => !done.has(m))
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
  if (pendingMigrations(databaseUrl).length === 0) return
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
