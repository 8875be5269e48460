import { execFile } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Applies pending migrations with Prisma's own `migrate deploy` (offline, JS schema
 * engine: see prisma.config.ts). Safe to run on every start: applied migrations are skipped.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (databaseUrl.startsWith('file:')) mkdirSync(path.dirname(databaseUrl.slice('file:'.length)), { recursive: true })
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
