import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { totalmem } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { lockDir } from './dir-lock.ts'
import { redisServersOn, stopProcess } from './processes.ts'

export type EmbeddedRedis = {
  /** redis://:password@127.0.0.1:port: everything a client needs. */
  url: string
  port: number
  /** The redis-server's pid now (it changes when the supervisor restarts it). */
  readonly pid: number
  stop(): Promise<void>
}

export type EmbeddedRedisOptions = {
  dir: string
  /** Append-only file on (the default), so timers survive a restart of the desk. Tests turn it off for speed. */
  durable?: boolean
  /** requirepass; by default generated once into `dir/password` (0600). */
  password?: string
  /** Bytes, or a Redis size such as '512mb'. Default: a quarter of RAM, at most 1 GiB. */
  maxmemory?: number | string
  /** Restarts allowed within a window when redis-server dies under the desk. Default 3 per minute. */
  restarts?: { max: number; windowMs: number }
  /** redis-server died and was started again on the same port, password and files. */
  onRestart?: (info: { pid: number; exit: string; output: string; restarts: number }) => void
  /** redis-server died and was not (or could not be) started again: the desk has no Redis. */
  onGone?: (err: Error) => void
}

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

export const defaultMaxmemory = () => Math.min(2 ** 30, Math.floor(totalmem() / 4))

/** What redis-server printed last: enough to say why it failed, never the whole history. */
const OUTPUT_TAIL = 8 * 1024

type Child = { pid: number; exited: Promise<string>; output(): string; stop(): Promise<void> }

/**
 * Starts a private redis-server for the desk, keeping its data in `dir`:
 * - one at a time per `dir` (`desk.lock`); a redis-server still serving `dir` for a desk
 *   that died without stopping it (kill -9, the OOM killer) is stopped with SIGTERM, so it
 *   writes out its append-only file, before the new one starts on the same files;
 * - `dir` is 0700 (the append-only file holds tokens and job data), and the server listens
 *   on 127.0.0.1 only and requires a password, carried in the returned url;
 * - maxmemory with noeviction, which BullMQ requires: an evicted key is a forgotten job;
 *   at the limit writes fail loudly instead of the host running out of memory;
 * - supervised: a redis-server that dies is restarted on the same port and password, so
 *   clients reconnect by themselves; past `restarts`, `onGone` decides what the desk does.
 */
export async function startEmbeddedRedis(opts: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  if (!hasRedisServer()) throw new RedisMissingError()
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 })
  chmodSync(opts.dir, 0o700) // a dir made by an older desk was world-readable
  const dir = realpathSync(opts.dir)
  const lock = lockDir(dir)
  const pidFile = path.join(dir, 'redis-server.pid')
  const finish = () => {
    rmSync(pidFile, { force: true })
    lock.release()
  }
  let child: Child
  let launch: () => Promise<Child>
  let url: string
  let port: number
  try {
    for (const pid of redisServersOn(dir, recordedPid(pidFile))) await stopProcess(pid)
    const password = opts.password ?? passwordIn(dir)
    port = await freePort()
    url = `redis://:${password}@127.0.0.1:${port}`
    const conf = writeConfig(dir, { port, password, durable: opts.durable !== false, maxmemory: opts.maxmemory ?? defaultMaxmemory() })
    launch = async () => {
      const c = await launchRedis(conf, dir, url)
      writeFileSync(pidFile, String(c.pid), { mode: 0o600 })
      return c
    }
    child = await launch()
  } catch (err) {
    lock.release()
    throw err
  }

  const { max, windowMs } = opts.restarts ?? { max: 3, windowMs: 60_000 }
  const restartedAt: number[] = []
  let stopping: Promise<void> | undefined
  let current = Promise.resolve(child)
  const gone = (err: Error) => {
    if (stopping) return
    finish()
    opts.onGone?.(err)
  }
  // A death, or a new server that dies while it is still starting, spends one restart of the budget.
  const restart = async (died: { pid: number; exit: string; output: string }): Promise<void> => {
    const now = Date.now()
    while (restartedAt.length && now - restartedAt[0]! > windowMs) restartedAt.shift()
    const what = `redis-server (pid ${died.pid}) ${died.exit}`
    const n = restartedAt.length
    if (n >= max) return gone(new Error(`${what}, after ${n} restart${n === 1 ? '' : 's'} within ${windowMs / 1000} s. Last output: ${died.output}`))
    restartedAt.push(now)
    opts.onRestart?.({ ...died, restarts: n + 1 })
    current = launch() // same config: same port, password and files, so clients reconnect
    try {
      child = await current
    } catch (err) {
      if (stopping) return
      return restart({ pid: 0, exit: `did not start again (${(err as Error).message.split('\n')[0]})`, output: (err as Error).message.trim() })
    }
    if (!stopping) void watch(child)
  }
  const watch = async (c: Child) => {
    const exit = await c.exited
    if (stopping) return
    return restart({ pid: c.pid, exit, output: c.output().trim() })
  }
  void watch(child)

  return {
    url,
    port,
    get pid() {
      return child.pid
    },
    stop: () =>
      (stopping ??= (async () => {
        const c = await current.catch(() => undefined)
        await c?.stop()
        finish()
      })()),
  }
}

function recordedPid(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || undefined
  } catch {
    return undefined
  }
}

function passwordIn(dir: string): string {
  const file = path.join(dir, 'password')
  try {
    const saved = readFileSync(file, 'utf8').trim()
    if (saved) return saved
  } catch {
    /* first start */
  }
  const password = randomBytes(24).toString('hex')
  writeFileSync(file, password + '\n', { mode: 0o600 })
  return password
}

/** redis.conf, 0600 in `dir`: the password stays out of the command line, which any local user can read. */
function writeConfig(dir: string, c: { port: number; password: string; durable: boolean; maxmemory: number | string }): string {
  const file = path.join(dir, 'redis.conf')
  const lines = [
    '# Written by the desk at every start; edits are overwritten.',
    `port ${c.port}`, 'bind 127.0.0.1', 'protected-mode yes', `requirepass ${c.password}`,
    `dir ${JSON.stringify(dir)}`, `maxmemory ${c.maxmemory}`, 'maxmemory-policy noeviction',
    'loglevel warning', 'save ""', `appendonly ${c.durable ? 'yes' : 'no'}`, 'appendfsync everysec',
  ]
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 })
  chmodSync(file, 0o600)
  return file
}

/** Files an older desk let redis-server make world-readable (appendonlydir 0755, its files 0644): private before it starts on them. */
function keepPrivate(dir: string): void {
  const aof = path.join(dir, 'appendonlydir')
  if (!existsSync(aof)) return
  chmodSync(aof, 0o700)
  for (const f of readdirSync(aof)) chmodSync(path.join(aof, f), 0o600)
}

/** Spawns redis-server on `conf` and resolves once it answers PING (after replaying its append-only file). */
async function launchRedis(conf: string, dir: string, url: string): Promise<Child> {
  keepPrivate(dir)
  // redis-server has no umask option and creates its append-only files (and every rewrite's
  // new ones) with the umask it inherits: through sh with umask 077 they are 0600 and
  // appendonlydir 0700 from the first byte, and the desk's own umask is left alone. exec:
  // the pid is redis-server's own.
  const proc = spawn('/bin/sh', ['-c', 'umask 077 && exec redis-server "$0"', conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-OUTPUT_TAIL))
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  let exit: string | undefined
  const exited = new Promise<string>((resolve) => {
    proc.once('exit', (code, signal) => resolve((exit = signal ? `was killed by ${signal}` : `exited with code ${code}`)))
    proc.once('error', (err) => resolve((exit = `could not run: ${err.message}`)))
  })
  const stop = async () => {
    if (exit) return
    proc.kill('SIGTERM') // redis-server writes out its append-only file and exits
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    if (!exit) proc.kill('SIGKILL')
    await exited
  }
  const child: Child = { pid: proc.pid ?? 0, exited, output: () => output, stop }

  for (const deadline = Date.now() + 10_000; ; ) {
    if (exit) throw new Error(`redis-server ${exit} at start: ${output.trim()}`)
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await probe.connect()
      // With an append-only file to replay, Redis answers LOADING until it is ready.
      if ((await probe.ping()) === 'PONG') return child
    } catch {
      /* not up yet */
    } finally {
      probe.disconnect()
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`redis-server did not answer within 10 s: ${output.trim()}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}
