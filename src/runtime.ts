import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { Redis } from 'ioredis'
import { buildApp } from './app.ts'
import { officialAccountAtDesk } from './channels/wechat-oa/desk.ts'
import { createClassifier } from './classify/index.ts'
import type { Classifier } from './classify/types.ts'
import type { Config } from './config.ts'
import { createPrisma, tuneSqlite } from './db/client.ts'
import { migrateDatabase, repoRoot } from './db/migrate.ts'
import { seedDemo } from './db/seed-demo.ts'
import type { Desk } from './desk/deps.ts'
import { createLogger, type Logger } from './log.ts'
import { createMetrics, watchQueueDepths } from './metrics.ts'
import { FieldCrypto } from './privacy/field-crypto.ts'
import { startOutboxRelay } from './queue/outbox.ts'
import { createQueues, producerConnection, waitUntilReady } from './queue/queues.ts'
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded.ts'
import { loadSecrets } from './secrets.ts'
import { loadReplies } from './text/templates.ts'
import { startWorkers, type RunningWorkers } from '../workers/index.ts'
import { startTimekeeping } from './desk/schedules.ts'

export type RunningDesk = {
  desk: Desk
  app: ReturnType<typeof buildApp>
  adminToken: string
  redisUrl: string
  /** Where the HTTP server listens, when it was asked to listen. */
  url?: string
  /** Closes HTTP, drains workers (up to SHUTDOWN_TIMEOUT_MS), closes Redis and the database, stops an embedded Redis. */
  stop(): Promise<void>
}

export type StartOptions = {
  logger?: Logger
  classifier?: Classifier
  /** Listen on HOST:PORT. Tests that use app.request() leave it off. */
  listen?: boolean
  /** Use this Redis instead of REDIS_URL or an embedded one (tests start their own). */
  redisUrl?: string
  now?: () => Date
}

/**
 * Brings up a whole desk from a parsed config: Redis (given, or started locally),
 * database (migrated, demo-seeded), queues, workers, outbox relay and the HTTP app.
 * The Node entry and the tests both start desks this way, so tests run what ships.
 */
export async function startDesk(config: Config, opts: StartOptions = {}): Promise<RunningDesk> {
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })
  // Shutdown steps run in reverse order of start-up. Each has a deadline: with Redis gone,
  // closing a queue can wait forever, and a stuck step must not keep the process alive.
  const cleanups: { step: string; fn: () => Promise<unknown> }[] = []
  const onStop = (step: string, fn: () => Promise<unknown>) => cleanups.push({ step, fn })
  const stopAll = async () => {
    for (const { step, fn } of cleanups.reverse()) {
      const deadline = (step === 'workers' ? config.SHUTDOWN_TIMEOUT_MS : 0) + 3000
      const outcome = await Promise.race([
        fn().then(() => 'done' as const, (err: unknown) => (logger.warn({ step, err: String(err) }, 'shutdown step failed'), 'failed' as const)),
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadline).unref()),
      ])
      if (outcome === 'timeout') logger.warn({ step, ms: deadline }, 'shutdown step timed out; moving on')
    }
  }
  try {
    const secrets = loadSecrets(config)

    let embedded: EmbeddedRedis | undefined
    let redisUrl = opts.redisUrl ?? config.REDIS_URL
    if (!redisUrl) {
      embedded = await startEmbeddedRedis({ dir: path.join(config.DATA_DIR, 'redis') })
      onStop('embedded redis', () => embedded!.stop())
      redisUrl = embedded.url
      logger.info({ port: embedded.port }, 'started a local redis-server (append-only file in DATA_DIR/redis)')
    }

    await migrateDatabase(config.DATABASE_URL)
    const db = createPrisma(config.DATABASE_URL)
    onStop('database', () => db.$disconnect())
    await tuneSqlite(db)
    if (config.SEED_DEMO && (await seedDemo(db))) logger.info('seeded the demo union: 5-level org tree, cadres and SLA policies')

    const producer = producerConnection(redisUrl)
    onStop('redis connection', async () => producer.disconnect())
    await waitUntilReady(producer)
    const queues = createQueues(producer, config.QUEUE_PREFIX)
    onStop('queues', () => queues.close())

    const metrics = createMetrics()
    watchQueueDepths(metrics, queues)
    const desk: Desk = {
      config,
      db,
      logger,
      queues,
      metrics,
      classifier: opts.classifier ?? createClassifier(config, logger),
      replies: loadReplies(path.join(repoRoot, 'prompts', 'replies')),
      crypto: FieldCrypto.fromKeyString(secrets.dataEncryptionKey),
      senders: {},
      now: opts.now ?? (() => new Date()),
    }

    // Channels take their seats before workers start, so a queued send never finds its sender missing.
    const officialAccount = await officialAccountAtDesk(desk, producer)
    if (officialAccount?.sender) desk.senders.wechat_oa = officialAccount.sender

    let workers: RunningWorkers | undefined
    if (config.RUN_WORKERS) {
      workers = startWorkers(desk, redisUrl)
      onStop('workers', () => workers!.close(config.SHUTDOWN_TIMEOUT_MS))
      // Schedulers upserted and lost timers re-created, where the workers that run them are.
      onStop('timekeeping', startTimekeeping(desk).stop)
    }
    const stopRelay = startOutboxRelay({ ...desk, graceMs: config.OUTBOX_RELAY_GRACE_MS, intervalMs: config.OUTBOX_RELAY_INTERVAL_MS })
    onStop('outbox relay', stopRelay)

    const app = buildApp({
      desk,
      adminToken: secrets.adminToken,
      redisPing: () => producer.ping(),
      channelRoutes: officialAccount ? { '/wechat/official-account': officialAccount.routes } : {},
    })
    let url: string | undefined
    if (opts.listen) {
      const server: ServerType = await new Promise((resolve) => {
        const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s))
      })
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : config.PORT
      url = `http://${config.HOST}:${port}`
      // HTTP closes first, so nothing new arrives while workers drain.
      onStop('http', () => new Promise<void>((resolve) => server.close(() => resolve())))
    }

    let stopped: Promise<void> | undefined
    return { desk, app, adminToken: secrets.adminToken, redisUrl, url, stop: () => (stopped ??= stopAll()) }
  } catch (err) {
    await stopAll()
    throw err
  }
}

/** A Redis client for one-off checks (health, tests), failing fast. */
export const redisClient = (url: string) => new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false })
