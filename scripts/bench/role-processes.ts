/**
 * Role processes for the scale-out benchmarks: real `src/main.ts web|worker` children on
 * one database and one Redis, started, stopped and killed like an operator (or the OOM
 * killer) would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export type Role = { role: 'web' | 'worker' | 'all'; url?: string; proc: ChildProcess; alive: boolean }

export async function startRole(role: Role['role'], env: Record<string, string>): Promise<Role> {
  // `all` is the one-process desk (`npm start`): no role argument.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...(role === 'all' ? [] : [role])], {
    // A worker says it is up at info; a web process prints its welcome text whatever the level.
    env: { ...process.env, PORT: '0', LOG_LEVEL: role === 'worker' ? 'info' : 'warn', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: proc.stdout! })
  const url = await new Promise<string | undefined>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = line.match(/is running at (http:\/\/\S+)/)
      if (m) resolve(m[1])
      if (line.includes('Niangjia worker is up')) resolve(undefined)
    })
    proc.once('exit', (code) => reject(new Error(`${role} process exited with ${code}`)))
  })
  const r: Role = { role, url, proc, alive: true }
  proc.once('exit', () => (r.alive = false))
  return r
}

export const stopRole = (r: Role) =>
  new Promise<void>((resolve) => {
    if (!r.alive) return resolve()
    r.proc.once('exit', () => resolve())
    r.proc.kill('SIGTERM')
  })

export const killRole = (r: Role) =>
  new Promise<void>((resolve) => {
    if (!r.alive) return resolve()
    r.proc.once('exit', () => resolve())
    r.proc.kill('SIGKILL')
  })
