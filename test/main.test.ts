import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-main-'))
let started: { kill(signal: NodeJS.Signals): boolean; exitCode: number | null } | undefined
afterAll(() => {
  // A failed run must not leave the desk (and its Redis) running.
  if (started && started.exitCode === null) started.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

/** The run command's process, exactly as npm start execs it, with only a data folder and port chosen. */
describe('the Node entry (what npm start runs)', () => {
  it('migrates, seeds, starts its own durable Redis, serves, and shuts down cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }
    delete env.REDIS_URL
    delete env.DATABASE_URL
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    started = proc
    let out = ''
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))

    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 40 s:\n${out}`)), 40_000)
      const check = () => {
        const m = out.match(/running at (http:\/\/[\d.]+:\d+)/)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      }
      proc.stdout.on('data', check)
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${out}`)))
    })
    expect(out).toContain('Admin token')
    expect(existsSync(path.join(dataDir, 'niangjia.db'))).toBe(true)
    // Where the admin token is, is printed; the token itself never (terminals are logged and shared).
    const { adminToken } = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { adminToken: string }
    expect(out).toContain(path.join(dataDir, 'secrets.json'))
    expect(out).not.toContain(adminToken)

    const res = await fetch(`${url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '老板拖欠工资', orgHint: '粤海街道' }),
    })
    expect(res.status).toBe(201)
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string }
    expect(health.status).toBe('ok')

    // Its Redis keeps an append-only file and never evicts: timers survive a restart.
    const redisPort = Number(out.match(/"port":(\d+),"msg":"started a local redis-server/)?.[1])
    expect(redisPort).toBeGreaterThan(0)
    const password = readFileSync(path.join(dataDir, 'redis', 'password'), 'utf8').trim()
    const redis = new Redis(redisPort, '127.0.0.1', { password, maxRetriesPerRequest: 1 })
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes'])
    expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction'])
    redis.disconnect()

    proc.kill('SIGTERM')
    expect(await exited).toBe(0)
    // The redis-server it started is gone too.
    const probe = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    await expect(probe.connect()).rejects.toThrow()
  }, 60_000)
})
