import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isRunning, redisServersOn, stopProcess } from '../../src/redis/processes.ts'
import { eventually } from '../support/desk.ts'

const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-desk-exit-'))
const redisDir = path.join(dataDir, 'redis')
const pids: number[] = []
afterAll(async () => {
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL')
  for (const pid of redisServersOn(redisDir)) await stopProcess(pid, 2000).catch(() => {})
  rmSync(dataDir, { recursive: true, force: true })
})

/** The real entry (npm start) with its own Redis, whose redis-server is then killed under it, again and again. */
describe('the desk whose embedded Redis dies', () => {
  it('restarts it and serves again, and exits non-zero once it keeps dying', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }
    delete env.REDIS_URL
    delete env.DATABASE_URL
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    pids.push(proc.pid!)
    let out = ''
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()))
    let code: number | null | undefined
    proc.once('exit', (c) => (code = c))

    const url = await eventually(async () => out.match(/running at (http:\/\/[\d.]+:\d+)/)?.[1] ?? (code !== undefined && 'exited'), 40_000)
    expect(url, out).not.toBe('exited')
    const healthy = async () => {
      const res = await fetch(`${url}/healthz`).catch(() => undefined)
      return res?.ok && ((await res.json()) as { status: string }).status === 'ok'
    }
    expect(await healthy()).toBe(true)

    // Three deaths within the minute: each time a new redis-server, and the desk healthy again.
    let killed = redisServersOn(redisDir)[0]!
    for (let restarts = 1; restarts <= 3; restarts++) {
      process.kill(killed, 'SIGKILL')
      // On a loaded machine this can take a while; if it never comes, the desk's own words say why.
      const next = await eventually(async () => redisServersOn(redisDir).find((pid) => pid !== killed), 45_000).catch((err: Error) => {
        throw new Error(`${err.message}: no new redis-server after restart ${restarts}; the desk said:\n${out.slice(-4000)}`)
      })
      await eventually(healthy, 15_000)
      // Healthy as soon as clients reconnect; the supervisor's own start-up probe may be a moment behind.
      await new Promise((r) => setTimeout(r, 500))
      expect(out.match(/started it again/g)).toHaveLength(restarts)
      killed = next
    }

    // The fourth is one too many: the desk says so and exits for its supervisor to restart it whole.
    process.kill(killed, 'SIGKILL')
    await eventually(async () => code !== undefined, 15_000)
    expect(code).toBe(69)
    expect(out).toMatch(/"level":60.*keeps dying/)
    expect(redisServersOn(redisDir)).toEqual([])
  }, 150_000)
})
