import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { redactedPaths } from '../../src/log.ts'
import type { EmbeddedRedis } from '../../src/redis/embedded.ts'
import { startDesk, type RunningDesk, type StartOptions } from '../../src/node/start.ts'
import { freshDatabase } from './database.ts'
import { startTestRedis } from './redis.ts'

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789'

export type TestDesk = RunningDesk & {
  dataDir: string
  databaseUrl: string
  /** Every log line the desk wrote, as text, to check that no personal data leaks. */
  logs: () => string
  /** Stops the desk and removes its files. */
  close(): Promise<void>
}

/**
 * A complete desk on a fresh copy of the migrated template database (SQLite or PostgreSQL,
 * whichever this run tests) and the given real Redis, with the production logger writing
 * into memory. Pass another desk's `dataDir` and `databaseUrl` to reopen the same data (a
 * restart, or a second process).
 */
export async function startTestDesk(
  opts: { redisUrl: string; env?: Record<string, string>; dataDir?: string; databaseUrl?: string } & Omit<StartOptions, 'redisUrl' | 'logger'>,
): Promise<TestDesk> {
  const reuse = opts.dataDir !== undefined
  if (reuse !== (opts.databaseUrl !== undefined)) throw new Error('startTestDesk: reopen with both dataDir and databaseUrl of the first desk')
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'niangjia-desk-'))
  const database = reuse ? undefined : await freshDatabase()
  const databaseUrl = opts.databaseUrl ?? database!.url
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATA_ENCRYPTION_KEY: 'a'.repeat(64),
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'debug',
    // Hashing a dozen demo passwords with scrypt takes a second per desk; console tests make the accounts they need.
    SEED_DEMO_ACCOUNTS: 'false',
    OUTBOX_RELAY_INTERVAL_MS: '200',
    OUTBOX_RELAY_GRACE_MS: '500',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Every in-process request comes from one address ('unknown'): the limits' own tests set them low.
    RATE_LIMIT_WEB_INTAKE: '100000/60', RATE_LIMIT_WEB_TICKET: '100000/60', RATE_LIMIT_STATUS: '100000/60',
    RATE_LIMIT_ADMIN_FAILURES: '100000/60', RATE_LIMIT_WECHAT_OPENID: '100000/60', RATE_LIMIT_CONSOLE_FAILURES: '100000/60',
    // A test process runs many desks and the test runner on one event loop, which stalls while
    // files load: that is not a desk falling behind. Load shedding has its own tests (overload.test.ts).
    LOAD_SHED_LOOP_LAG_MS: '600000', LOAD_SHED_STORE_MS: '600000',
    ...opts.env,
  })
  let captured = ''
  const sink = new Writable({
    write(chunk, _enc, done) {
      captured += chunk.toString()
      done()
    },
  })
  const logger = pino({ level: 'debug', redact: { paths: redactedPaths, censor: '[redacted]' } }, sink)
  const running = await startDesk(config, { ...opts, redisUrl: opts.redisUrl, logger }).catch(async (err: unknown) => {
    await database?.drop()
    throw err
  })
  return {
    ...running,
    dataDir,
    databaseUrl,
    logs: () => captured,
    async close() {
      await running.stop()
      if (!reuse) {
        await database!.drop()
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
  }
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

export const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

/** Polls until `check` returns a value (not undefined/null/false), or fails after `ms` (a hang guard: generous for a slow day). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, ms = 20_000, every = 50): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== null && v !== false) return v
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((r) => setTimeout(r, every))
  }
}

/**
 * A real Redis and a complete desk for the whole test file: started before its first test
 * (then `ready`, for per-file setup such as short SLA policies), stopped and removed after
 * its last. The desk only exists once beforeAll has run, so the returned value stands in
 * for it and forwards to it.
 *
 * @example
 * const t = deskForThisFile()
 * it('…', async () => { await t.app.request('/healthz') })
 */
export function deskForThisFile(
  opts: Omit<Parameters<typeof startTestDesk>[0], 'redisUrl'> = {},
  ready?: (desk: TestDesk) => Promise<unknown>,
): TestDesk {
  let redis: EmbeddedRedis | undefined
  let desk: TestDesk | undefined
  beforeAll(async () => {
    redis = await startTestRedis()
    desk = await startTestDesk({ ...opts, redisUrl: redis.url })
    await ready?.(desk)
  })
  afterAll(async () => {
    await desk?.close()
    await redis?.stop()
  })
  return new Proxy({} as TestDesk, {
    get(_, key) {
      if (!desk) throw new Error('the test desk starts in beforeAll: use it inside tests and hooks')
      return Reflect.get(desk, key)
    },
  })
}
