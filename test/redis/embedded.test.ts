import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisDirBusyError } from '../../src/redis/dir-lock.ts'
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/redis/embedded.ts'
import { isRunning, processStart, redisServersOn, stopProcess } from '../../src/redis/processes.ts'
import { eventually } from '../support/desk.ts'

const dirs: string[] = []
const started: EmbeddedRedis[] = []
const pids: number[] = []
const clients: Redis[] = []
afterAll(async () => {
  for (const c of clients) c.disconnect()
  for (const r of started) await r.stop().catch(() => {})
  for (const pid of pids) await stopProcess(pid, 2000).catch(() => {})
  for (const dir of dirs) {
    for (const pid of redisServersOn(dir)) await stopProcess(pid, 2000).catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  }
})

const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-embedded-'))
  dirs.push(dir)
  return dir
}
const start = async (opts: Parameters<typeof startEmbeddedRedis>[0]) => {
  const r = await startEmbeddedRedis(opts)
  started.push(r)
  return r
}
const client = (url: string) => {
  const c = new Redis(url, { maxRetriesPerRequest: 1 })
  c.on('error', () => {})
  clients.push(c)
  return c
}

/** A desk process in miniature: starts an embedded Redis on `dir`, prints it, and waits to be killed. */
function deskProcess(dir: string) {
  const script = `
    import { startEmbeddedRedis } from './src/redis/embedded.ts'
    const r = await startEmbeddedRedis({ dir: process.argv[1], durable: true })
    console.log(JSON.stringify({ url: r.url, pid: r.pid }))
    setInterval(() => {}, 60_000)`
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  pids.push(proc.pid!)
  let out = ''
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  const redis = new Promise<{ url: string; pid: number }>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line) as { url: string; pid: number })
    })
    void exited.then(() => reject(new Error(`desk process exited before its Redis was up:\n${out}`)))
  })
  return { proc, exited, redis }
}

describe('the embedded Redis after its desk was killed -9 (what the OOM killer does)', () => {
  it('stops the orphaned redis-server before starting on the same files, and keeps what it held', async () => {
    const dir = tempDir()
    const desk = deskProcess(dir)
    const before = await desk.redis
    pids.push(before.pid)
    await client(before.url).set('bull:sla:ticket-1', 'due at 17:00')

    desk.proc.kill('SIGKILL')
    await desk.exited
    // The defect's starting point: the redis-server outlives its desk, and the lock says a dead desk held it.
    expect(isRunning(before.pid)).toBe(true)
    expect(existsSync(path.join(dir, 'desk.lock'))).toBe(true)

    const after = await start({ dir, durable: true })
    expect(isRunning(before.pid)).toBe(false)
    expect(after.pid).not.toBe(before.pid)
    expect(redisServersOn(dir)).toEqual([after.pid])
    // The orphan was stopped with SIGTERM, so it wrote out its append-only file first.
    expect(await client(after.url).get('bull:sla:ticket-1')).toBe('due at 17:00')
  })

  it('lets only one of two desks starting at once run a redis-server on a directory', async () => {
    const dir = tempDir()
    const results = await Promise.allSettled([start({ dir, durable: false }), start({ dir, durable: false })])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected')
    expect(refused?.reason).toBeInstanceOf(RedisDirBusyError)
    expect(redisServersOn(dir)).toHaveLength(1)
  })

  it('refuses a directory whose lock a live process holds, and leaves that process alone', async () => {
    const dir = tempDir()
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' })
    pids.push(holder.pid!)
    await eventually(async () => processStart(holder.pid!) !== undefined || process.platform !== 'linux')
    writeFileSync(path.join(dir, 'desk.lock'), JSON.stringify({ pid: holder.pid, start: processStart(holder.pid!) }))
    await expect(startEmbeddedRedis({ dir, durable: false })).rejects.toThrow(/in use by another desk \(pid \d+\)/)
    expect(isRunning(holder.pid!)).toBe(true)
    expect(redisServersOn(dir)).toEqual([])
    holder.kill('SIGKILL')
  })
})

describe('access to the embedded Redis', () => {
  it('requires the generated password, listens on loopback only, and keeps its files private', async () => {
    const dir = tempDir()
    const r = await start({ dir, durable: false })
    const anonymous = new Redis(r.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    anonymous.on('error', () => {})
    clients.push(anonymous)
    await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/)

    const password = readFileSync(path.join(dir, 'password'), 'utf8').trim()
    expect(password).toMatch(/^[0-9a-f]{48}$/)
    expect(r.url).toBe(`redis://:${password}@127.0.0.1:${r.port}`)
    const c = client(r.url)
    expect(await c.config('GET', 'bind')).toEqual(['bind', '127.0.0.1'])
    expect(await c.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction'])
    expect(Number(((await c.config('GET', 'maxmemory')) as string[])[1])).toBeGreaterThan(0)

    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const file of ['password', 'redis.conf']) expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600)
    if (process.platform === 'linux') expect(readFileSync(`/proc/${r.pid}/cmdline`, 'utf8')).not.toContain(password)
  })

  it('keeps its append-only files 0600 and appendonlydir 0700, after a rewrite too (defect D7: 0644 and 0755)', async () => {
    const dir = tempDir()
    const modes = () => {
      const aof = path.join(dir, 'appendonlydir')
      return { dir: statSync(aof).mode & 0o777, files: readdirSync(aof).map((f) => [f, statSync(path.join(aof, f)).mode & 0o777] as const) }
    }
    const expectPrivate = () => {
      const m = modes()
      expect(m.dir).toBe(0o700)
      expect(m.files.length).toBeGreaterThan(0)
      for (const [f, mode] of m.files) expect([f, mode.toString(8)]).toEqual([f, '600'])
    }
    const r = await start({ dir, durable: true })
    const c = client(r.url)
    await c.set('k', 'v')
    expectPrivate()
    // A rewrite makes new files: they are private too (the server's own umask, not a chmod after the fact).
    const before = modes().files.map(([f]) => f).sort()
    await c.bgrewriteaof()
    await eventually(async () => (modes().files.map(([f]) => f).sort().join() !== before.join() ? true : null))
    await eventually(async () => ((await c.info('persistence')).includes('aof_rewrite_in_progress:0') ? true : null))
    expectPrivate()
    await r.stop()

    // Files an older desk left world-readable are made private before the server starts on them.
    const aof = path.join(dir, 'appendonlydir')
    chmodSync(aof, 0o755)
    for (const f of readdirSync(aof)) chmodSync(path.join(aof, f), 0o644)
    const again = await start({ dir, durable: true })
    expect(await client(again.url).get('k')).toBe('v')
    expectPrivate()
  })

  it('takes a maxmemory option', async () => {
    const r = await start({ dir: tempDir(), durable: false, maxmemory: '64mb' })
    expect(await client(r.url).config('GET', 'maxmemory')).toEqual(['maxmemory', String(64 * 1024 * 1024)])
  })
})

describe('supervision of the embedded Redis', () => {
  it('restarts a redis-server that dies on the same port and password, then gives up past the bound', async () => {
    const dir = tempDir()
    const restarts: { pid: number; exit: string }[] = []
    const gone: Error[] = []
    const r = await start({ dir, durable: false, restarts: { max: 1, windowMs: 60_000 }, onRestart: (i) => restarts.push(i), onGone: (e) => gone.push(e) })
    const c = new Redis(r.url) // a worker's connection: reconnects and waits
    c.on('error', () => {})
    clients.push(c)
    await c.set('k', 'v')

    const first = r.pid
    process.kill(first, 'SIGKILL')
    await eventually(async () => r.pid !== first)
    expect(await c.ping()).toBe('PONG')
    expect(restarts).toMatchObject([{ pid: first, exit: 'was killed by SIGKILL' }])
    expect(redisServersOn(dir)).toEqual([r.pid])

    process.kill(r.pid, 'SIGKILL')
    await eventually(async () => gone.length === 1)
    expect(gone[0]!.message).toMatch(/was killed by SIGKILL, after 1 restart within 60 s/)
    expect(restarts).toHaveLength(1)
    expect(redisServersOn(dir)).toEqual([])
    // Nothing left behind that would make the next start think a desk still holds the directory.
    expect(existsSync(path.join(dir, 'desk.lock'))).toBe(false)
  })

  it('does not restart a redis-server it was asked to stop', async () => {
    const restarts: unknown[] = []
    const r = await startEmbeddedRedis({ dir: tempDir(), durable: false, onRestart: (i) => restarts.push(i) })
    const pid = r.pid
    await r.stop()
    expect(isRunning(pid)).toBe(false)
    expect(restarts).toEqual([])
  })
})
