import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'

/**
 * A real redis-server for one test file, on a random port, with nothing kept on disk
 * (recipe: /work/shared/TOOLCHAIN.md §6). Self-contained on purpose: it will move to
 * test/support/ together with the other shared helpers.
 *
 * @example
 * let redis: StartedRedis
 * beforeAll(async () => { redis = await startRedis() })
 * afterAll(() => redis.stop())
 */
export type StartedRedis = { port: number; url: string; stop(): Promise<void> }

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

export async function startRedis(): Promise<StartedRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'redis-test-'))
  const proc = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--maxmemory-policy', 'noeviction', '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
  for (const deadline = Date.now() + 5000; ; ) {
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {}) // otherwise "[ioredis] Unhandled error event" noise while polling
    try {
      await probe.connect()
      if ((await probe.ping()) === 'PONG') {
        probe.disconnect()
        break
      }
    } catch {
      probe.disconnect()
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error('redis-server did not start')
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve())
        proc.kill('SIGTERM')
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
