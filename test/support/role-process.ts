import { spawn } from 'node:child_process'
import path from 'node:path'
import type { TestDesk } from './desk.ts'

export type RoleProcess = {
  /** Where a web process listens. */
  url?: string
  pid: number
  /** SIGTERM, then the exit code once it has drained. */
  stop(): Promise<number | null>
  /** SIGKILL: what the OOM killer does. */
  kill(): Promise<void>
}

/**
 * A real role process (`npm run start:web` / `start:worker`: src/main.ts web|worker) on the
 * database and Redis of a desk that is already up. A real process, because two SQLite
 * connections in one Node thread block each other (better-sqlite3 waits synchronously),
 * and because several processes is what is being tested. Resolves once the role reports
 * itself up.
 */
export async function startRoleProcess(first: TestDesk, role: 'web' | 'worker', env: Record<string, string> = {}): Promise<RoleProcess> {
  const c = first.desk.config
  const main = path.join(import.meta.dirname, '..', '..', 'src', 'main.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', main, role], {
    env: {
      ...process.env, DATABASE_URL: c.DATABASE_URL, DATA_DIR: c.DATA_DIR, REDIS_URL: first.redisUrl, QUEUE_PREFIX: c.QUEUE_PREFIX,
      ADMIN_TOKEN: first.adminToken, DATA_ENCRYPTION_KEY: 'a'.repeat(64), LOG_LEVEL: 'info', PORT: '0', SEED_DEMO: 'false', ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string | undefined>((resolve, reject) => {
    let seen = ''
    const onData = (chunk: Buffer) => {
      seen += chunk.toString()
      for (const line of seen.split('\n')) {
        if (!line.includes('Niangjia worker is up') && !line.includes('Niangjia desk is up')) continue
        child.stdout!.off('data', onData)
        // Keep draining (a chatty child blocks on a full pipe), and show its errors in the test's output.
        child.stdout!.on('data', (more: Buffer) => {
          for (const l of more.toString().split('\n')) if (/"level":(50|60)/.test(l)) process.stderr.write(`[${role} ${child.pid}] ${l.slice(0, 1500)}\n`)
        })
        return resolve((JSON.parse(line) as { url?: string }).url)
      }
      seen = seen.slice(seen.lastIndexOf('\n') + 1)
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${role} process exited with ${code}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    url,
    pid: child.pid!,
    stop: () => (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM'), exited),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** The worker role as a child process (see startRoleProcess). */
export const startWorkerRole = (first: TestDesk, env: Record<string, string> = {}) => startRoleProcess(first, 'worker', env)
