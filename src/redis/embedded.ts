import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { Redis } from 'ioredis'

export type EmbeddedRedis = { url: string; port: number; stop(): Promise<void> }

export class RedisMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; ' +
        'macOS: brew install redis), or point REDIS_URL at a Redis you already run.',
    )
    this.name = 'RedisMissingError'
  }
}

export const hasRedisServer = () => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/**
 * Starts a private redis-server on a free loopback port, keeping its data in `dir`.
 * `durable` turns on the append-only file, so timers survive a restart of the desk;
 * tests turn it off for speed. noeviction is what BullMQ requires: an evicted job is a
 * forgotten worker.
 */
export async function startEmbeddedRedis(opts: { dir: string; durable?: boolean }): Promise<EmbeddedRedis> {
  if (!hasRedisServer()) throw new RedisMissingError()
  mkdirSync(opts.dir, { recursive: true })
  const port = await freePort()
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', path.resolve(opts.dir),
    '--maxmemory-policy', 'noeviction', '--loglevel', 'warning', '--save', '',
    '--appendonly', opts.durable === false ? 'no' : 'yes', '--appendfsync', 'everysec',
  ]
  const proc: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))

  const url = `redis://127.0.0.1:${port}`
  for (const deadline = Date.now() + 10_000; ; ) {
    if (proc.exitCode !== null) throw new Error(`redis-server exited at start: ${stderr.trim()}`)
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await probe.connect()
      // With an AOF to replay, Redis answers LOADING until it is ready.
      if ((await probe.ping()) === 'PONG') {
        probe.disconnect()
        break
      }
    } catch {
      probe.disconnect()
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`redis-server did not answer within 10 s: ${stderr.trim()}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }

  return {
    url,
    port,
    async stop() {
      if (proc.exitCode !== null) return
      proc.kill('SIGTERM') // redis-server flushes its AOF and exits cleanly on SIGTERM
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (proc.exitCode === null) proc.kill('SIGKILL')
    },
  }
}
