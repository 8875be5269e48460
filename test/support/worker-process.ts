import { spawn } from 'node:child_process'
import path from 'node:path'
import type { TestDesk } from './desk.ts'

/**
 * The real worker role (`npm run start:worker`: src/main.ts worker) as a child process, on
 * the database and Redis of a desk that is already up. A real process, because two SQLite
 * connections in one Node thread block each other (better-sqlite3 waits synchronously).
 * Resolves once the role reports itself up; `stop` sends SIGTERM and waits for the exit.
 */
export async function startWorkerRole(first: TestDesk, env: Record<string, string> = {}) {
  const c = first.desk.config
  const main = path.join(import.meta.dirname, '..', '..', 'src', 'main.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'worker'], {
    env: {
      ...process.env, DATABASE_URL: c.DATABASE_URL, DATA_DIR: c.DATA_DIR, REDIS_URL: first.redisUrl, QUEUE_PREFIX: c.QUEUE_PREFIX,
      ADMIN_TOKEN: first.adminToken, DATA_ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Niangjia worker is up') && resolve())
    child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)))
  })
  const stop = () => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : (child.once('exit', (code) => resolve(code)), child.kill('SIGTERM'))))
  return { stop }
}
