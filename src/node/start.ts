import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { buildApp } from '../app.ts'
import { ChannelRegistry } from '../channels/registry.ts'
import { webChannel } from '../channels/web.ts'
import { officialAccountAtDesk, officialAccountChannel } from '../channels/wechat-oa/index.ts'
import { ClassifierConfig, createChatModel, createClassifier } from '../classify/index.ts'
import type { Classifier } from '../classify/types.ts'
import { llmFactExtractor, refreshKnowledge, type LlmFactExtractor } from '../desk/conversation/index.ts'
import type { Config } from '../config.ts'
import { createPrisma, tuneDatabase, type Db } from '../db/client.ts'
import { dialectOf } from '../db/dialect.ts'
import { assertMigrated, migrateDatabase } from '../db/migrate.ts'
import { seedDemo } from '../db/seed-demo.ts'
import { seedDemoAccounts } from './demo-accounts.ts'
import { consoleRoutes } from '../web/console/index.tsx'
import { createDesk, type WorkerDesk } from '../desk/desk.ts'
import { refreshWording } from '../desk/messaging/index.ts'
import { errorSummary } from '../lib/error-summary.ts'
import { startTimekeeping } from '../desk/timekeeping/index.ts'
import { createLogger, type Logger } from '../log.ts'
import { createMetrics, watchQueueDepths } from '../metrics.ts'
import { FieldCrypto } from '../privacy/field-crypto.ts'
import { bullJobQueue } from '../queue/job-queue.ts'
import { startOutboxRelay } from '../queue/outbox.ts'
import { redisLease } from '../queue/relay-lease.ts'
import { createQueues, producerConnection, waitUntilReady, type Queues } from '../queue/queues.ts'
import { checkEvictionPolicy } from '../redis/check-policy.ts'
import { startEmbeddedRedis } from '../redis/embedded.ts'
import { checkKeyAgainstData, loadSecrets } from '../secrets.ts'
import { startWorkers } from '../../workers/index.ts'
import { opsRoutes } from './ops-routes.ts'
import { nodeClientAddress, redisRateLimits } from './rate-limits.ts'
import { fileTemplates } from './templates.ts'
import { loadWorkCalendar } from './work-calendar.ts'

/**
 * The Node process roles. all: everything in one process on the embedded default (what
 * `npm start` runs). web: HTTP only; requests stage their jobs and enqueue them after
 * commit. worker: the queue workers, the outbox relay, the reconciler and the schedulers.
 * Any number of web and worker processes can share one database and one Redis.
 */
export const roles = ['all', 'web', 'worker'] as const
export type Role = (typeof roles)[number]

export type RunningDesk = {
  desk: WorkerDesk
  role: Role
  app: ReturnType<typeof buildApp>
  adminToken: string
  redisUrl: string
  /** Where the HTTP server listens, when it was asked to listen. */
  url?: string
  /** Where the admin token came from (a variable or a file), for the start-up message: the token itself is never printed. */
  adminTokenFrom: string
  /** Closes HTTP, drains workers (up to SHUTDOWN_TIMEOUT_MS), closes Redis and the database, stops an embedded Redis. */
  stop(): Promise<void>
}

export type StartOptions = {
  role?: Role
  logger?: Logger
  classifier?: Classifier
  /** Listen on HOST:PORT (all and web). Tests that use app.request() leave it off. */
  listen?: boolean
  /** Use this Redis instead of REDIS_URL or an embedded one (tests start their own). */
  redisUrl?: string
  now?: () => Date
}

/**
 * Brings up a desk in the given role from a parsed config. The Node entry and the tests
 * start desks this way, so tests run what ships.
 */
export async function startDesk(config: Config, opts: StartOptions = {}): Promise<RunningDesk> {
  const role = opts.role ?? 'all'
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
    const redisUrl = await redisFor(config, role, opts.redisUrl, onStop, logger)

    // The all-in-one desk keeps its own schema up to date; web and worker processes start in
    // numbers, so migrating is a deploy step for them (npm run db:migrate) and they only check.
    if (role === 'all') await migrateDatabase(config.DATABASE_URL)
    else await assertMigrated(config.DATABASE_URL)
    const db = createPrisma(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE })
    onStop('database', () => db.$disconnect())
    await tuneDatabase(db, config.DATABASE_URL)
    await checkKeyAgainstData(db, FieldCrypto.fromKeyString(secrets.dataEncryptionKey), secrets.keyFrom)
    if (role !== 'worker' && config.SEED_DEMO && (await seedDemo(db))) logger.info('seeded the demo union: 5-level org tree, cadres and SLA policies')
    if (role !== 'worker' && config.SEED_DEMO && config.SEED_DEMO_ACCOUNTS) {
      const logins = await seedDemoAccounts(db, config.DATA_DIR, new Date())
      if (logins) logger.info({ file: logins }, 'demo console sign-ins written (readable by this user only)')
    }

    const producer = producerConnection(redisUrl)
    onStop('redis connection', async () => producer.disconnect())
    await waitUntilReady(producer)
    const queues = createQueues(producer, config.QUEUE_PREFIX)
    // With Redis gone, closing the queues would wait for a server that is not there.
    onStop('queues', async () => (producer.status === 'ready' ? queues.close() : undefined))

    const desk = nodeDesk(config, { db, queues, logger, dataEncryptionKey: secrets.dataEncryptionKey, classifier: opts.classifier, now: opts.now })
    watchQueueDepths(desk.metrics, queues)
    onStop('wording', keepWordingFresh(desk, logger))

    const limits = redisRateLimits(producer, config)
    // Channels take their seats (and attach their senders) before workers start, so a queued send finds its sender.
    const officialAccount = await officialAccountAtDesk(desk, producer, limits)

    const runsWorkers = role === 'worker' || (role === 'all' && config.RUN_WORKERS)
    if (runsWorkers) {
      const workers = startWorkers(desk, redisUrl)
      onStop('workers', () => workers.close(config.SHUTDOWN_TIMEOUT_MS))
      // Schedulers upserted and lost timers re-created, where the workers that run them are.
      onStop('timekeeping', startTimekeeping(desk).stop)
    }
    if (role !== 'web') {
      const turn = { dialect: dialectOf(config.DATABASE_URL), lease: redisLease(producer, `${config.QUEUE_PREFIX}:outbox-relay-lease`, config.OUTBOX_RELAY_INTERVAL_MS * 5) }
      const stopRelay = startOutboxRelay({ ...desk, turn, graceMs: config.OUTBOX_RELAY_GRACE_MS, intervalMs: config.OUTBOX_RELAY_INTERVAL_MS })
      onStop('outbox relay', stopRelay)
    }

    const app = buildApp({
      desk,
      adminToken: secrets.adminToken,
      redisPing: () => producer.ping(),
      channelRoutes: officialAccount ? { '/wechat/official-account': officialAccount.routes } : {},
      opsRoutes: opsRoutes(desk, queues),
      pageRoutes: { '/console': consoleRoutes(desk, limits, nodeClientAddress(config)) },
      limits,
      clientAddress: nodeClientAddress(config),
    })
    const url = opts.listen && role !== 'worker' ? await listen(app, config, onStop) : undefined

    let stopped: Promise<void> | undefined
    return { desk, role, app, adminToken: secrets.adminToken, adminTokenFrom: secrets.adminTokenFrom, redisUrl, url, stop: () => (stopped ??= stopAll()) }
  } catch (err) {
    await stopAll()
    throw err
  }
}

/**
 * The union's own wording and knowledge base (changed in the console) over the files: read now, then every
 * minute, so each process follows an edit made in another. A wording that fails to load
 * keeps what the process had.
 */
function keepWordingFresh(desk: WorkerDesk, logger: Logger): () => Promise<void> {
  const pass = () =>
    Promise.all([
      refreshWording(desk).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, 'could not read the union’s wording; keeping what this process has')),
      refreshKnowledge(desk).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, 'could not read the union’s knowledge base; keeping what this process has')),
    ])
  void pass()
  const timer = setInterval(pass, 60_000)
  timer.unref()
  return async () => clearInterval(timer)
}

/** The desk as Node builds it: templates from prompts/, the calendar file, BullMQ, every channel's spec. */
export function nodeDesk(
  config: Config,
  parts: { db: Db; queues: Queues; logger: Logger; dataEncryptionKey: string; classifier?: Classifier; now?: () => Date },
): WorkerDesk {
  const desk = createDesk({
    config, db: parts.db, logger: parts.logger,
    metrics: createMetrics(),
    jobs: bullJobQueue(parts.queues),
    classifier: parts.classifier ?? createClassifier(config, parts.logger),
    ...llmFacts(config, parts.logger),
    templates: fileTemplates(),
    crypto: FieldCrypto.fromKeyString(parts.dataEncryptionKey),
    channels: new ChannelRegistry([webChannel, officialAccountChannel]),
    calendar: loadWorkCalendar(config, { logger: parts.logger, now: parts.now?.() ?? new Date() }),
    ...(parts.now ? { now: parts.now } : {}),
  })
  return { ...desk, queues: parts.queues }
}

/** The LLM reads what the fact rules missed, when one is configured; its timeout is the classifier's. */
function llmFacts(config: Config, logger: Logger): { llmFacts?: LlmFactExtractor } {
  const chat = createChatModel(ClassifierConfig.parse(config))
  return chat ? { llmFacts: llmFactExtractor(chat, { timeoutMs: config.LLM_TIMEOUT_MS, logger: logger.child({ module: 'facts' }) }) } : {}
}

type OnStop = (step: string, fn: () => Promise<unknown>) => void

/**
 * The Redis this process uses: given, REDIS_URL, or (all-in-one only) one it starts itself.
 * A Redis it did not start must not evict keys. Its own is supervised: restarted when it
 * dies, and when it keeps dying the process exits non-zero, for systemd or Docker to
 * restart the whole desk, rather than running on without a Redis.
 */
async function redisFor(config: Config, role: Role, given: string | undefined, onStop: OnStop, logger: Logger): Promise<string> {
  const url = given ?? config.REDIS_URL
  if (url) {
    await checkEvictionPolicy(url, { logger, source: given ? 'the Redis URL given to startDesk' : 'REDIS_URL' })
    return url
  }
  if (role !== 'all') {
    throw new Error(`The ${role} role shares its Redis with the other processes: set REDIS_URL (for example redis://127.0.0.1:6379).`)
  }
  const embedded = await startEmbeddedRedis({
    dir: path.join(config.DATA_DIR, 'redis'),
    onRestart: ({ pid, exit, output, restarts }) => logger.error({ pid, exit, output, restarts }, 'the local redis-server died; started it again'),
    onGone: (err) => {
      logger.fatal({ err: err.message }, 'the local redis-server keeps dying; exiting so the desk is restarted whole')
      logger.flush()
      process.exit(69) // EX_UNAVAILABLE
    },
  })
  onStop('embedded redis', () => embedded.stop())
  logger.info({ port: embedded.port }, 'started a local redis-server (append-only file and password in DATA_DIR/redis)')
  return embedded.url
}

async function listen(app: ReturnType<typeof buildApp>, config: Config, onStop: OnStop): Promise<string> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.PORT
  // HTTP closes first, so nothing new arrives while workers drain.
  onStop('http', () => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://${config.HOST}:${port}`
}
