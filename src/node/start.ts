import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { buildApp } from '../app.ts'
import { channelSpecs } from '../channels/catalog.ts'
import { ChannelRegistry } from '../channels/registry.ts'
import { EDGE_INBOUND_PATH } from '../channels/edge-forward/wire.ts'
import { officialAccountAtDesk } from '../channels/wechat-oa/index.ts'
import { isBotConfigured, readBotStatus, type BotRuntime } from '../channels/wechaty/index.ts'
import { ClassifierConfig, createChatModel, createClassifier } from '../classify/index.ts'
import type { Classifier } from '../classify/types.ts'
import { llmFactExtractor, refreshKnowledge, type LlmFactExtractor } from '../desk/conversation/index.ts'
import type { Config } from '../config.ts'
import { createPrisma, tuneDatabase, type Db } from '../db/client.ts'
import { checkpointInBackground } from '../db/sqlite-checkpoint.ts'
import { dialectOf } from '../db/dialect.ts'
import { databaseKind } from '../db/url.ts'
import { assertMigrated, migrateDatabase } from '../db/migrate.ts'
import { seedDemoDesk } from './demo-accounts.ts'
import { consoleRoutes } from '../web/console/index.tsx'
import { createDesk, type WorkerDesk } from '../desk/desk.ts'
import { refreshWording } from '../desk/messaging/index.ts'
import { sealLegacyLocations } from '../desk/people/index.ts'
import { errorSummary } from '../lib/error-summary.ts'
import { startTimekeeping } from '../desk/timekeeping/index.ts'
import { createLogger, type Logger } from '../log.ts'
import { createMetrics, watchBotStatus, watchDeskState, watchQueueDepths } from '../metrics.ts'
import { FieldCrypto } from '../privacy/field-crypto.ts'
import { bullJobQueue } from '../queue/job-queue.ts'
import { startOutboxRelay } from '../queue/outbox.ts'
import { batchedOutboxMarks } from '../queue/outbox-marks.ts'
import { redisLease } from '../queue/relay-lease.ts'
import { createQueues, producerConnection, waitUntilReady, type Queues } from '../queue/queues.ts'
import { checkEvictionPolicy } from '../redis/check-policy.ts'
import { startEmbeddedRedis } from '../redis/embedded.ts'
import { checkKeyAgainstData, loadSecrets } from '../secrets.ts'
import { startWorkers } from '../../workers/index.ts'
import { startBot, type BotParts } from './bot.ts'
import { opsRoutes } from './ops-routes.ts'
import { nodeClientAddress, redisRateLimits } from './rate-limits.ts'
import { sampleEventLoopLag } from './event-loop-lag.ts'
import { createLoadGauge } from '../lib/load-gauge.ts'
import { fileTemplates } from './templates.ts'
import { loadWorkCalendar } from './work-calendar.ts'

/**
 * The Node process roles. all: everything in one process on the embedded default (what
 * `npm start` runs). web: HTTP only; requests stage their jobs and enqueue them after
 * commit. worker: the queue workers, the outbox relay, the reconciler and the schedulers.
 * bot: the Wechaty bot account (one process per account at a time: a Redis lease) and its queue.
 * Any number of web and worker processes can share one database and one Redis.
 */
/** How far towards the shedding thresholds the one-process desk's workers give way to its webhook. */
const YIELD_SHARE = 0.25
/** How recently a WeChat request must have come for the webhook to count as being served. */
const SERVING_WINDOW_MS = 1000

export const roles = ['all', 'web', 'worker', 'bot'] as const
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
  /** The bot runtime, in the bot role and in the all-in-one desk when WECHATY_PUPPET is set. */
  bot?: BotRuntime
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
  /** The bot's puppet (tests pass a wechaty-puppet-mock of their own); by default WECHATY_PUPPET's package. */
  botPuppet?: BotParts['puppet']
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
    if (databaseKind(config.DATABASE_URL) === 'sqlite') {
      const checkpoints = await checkpointInBackground(db, config.DATABASE_URL.slice('file:'.length))
      onStop('sqlite checkpoints', () => checkpoints.stop())
    }
    await checkKeyAgainstData(db, FieldCrypto.fromKeyString(secrets.dataEncryptionKey), secrets.keyFrom, (message) => logger.warn(message))
    // Locations kept in clear on messages by earlier versions are sealed now, once (then a no-op).
    if (role === 'all' || role === 'web') {
      const sealed = await sealLegacyLocations(db, FieldCrypto.fromKeyString(secrets.dataEncryptionKey))
      if (sealed) logger.info({ messages: sealed }, 'sealed the shared locations earlier versions kept in clear on messages')
    }
    if ((role === 'all' || role === 'web') && config.SEED_DEMO) {
      // Safe with several processes starting at once on an empty database: one seeds, the others find it seeded.
      const seeded = await seedDemoDesk(db, { dataDir: config.DATA_DIR, accounts: config.SEED_DEMO_ACCOUNTS, now: new Date() })
      if (seeded.tree) logger.info('seeded the demo union: 5-level org tree, cadres and SLA policies')
      if (seeded.logins) logger.info({ file: seeded.logins }, 'demo console sign-ins written (readable by this user only)')
    }

    const producer = producerConnection(redisUrl)
    onStop('redis connection', async () => producer.disconnect())
    await waitUntilReady(producer)
    const queues = createQueues(producer, config.QUEUE_PREFIX)
    // With Redis gone, closing the queues would wait for a server that is not there.
    onStop('queues', async () => (producer.status === 'ready' ? queues.close() : undefined))

    const desk = nodeDesk(config, { db, queues, logger, dataEncryptionKey: secrets.dataEncryptionKey, classifier: opts.classifier, now: opts.now })
    if (desk.outboxMarks) onStop('outbox marks', desk.outboxMarks.flush)
    watchQueueDepths(desk.metrics, queues)
    watchDeskState(desk.metrics, db, desk.now)
    watchBotStatus(desk.metrics, producer, config.QUEUE_PREFIX, desk.now)
    onStop('wording', keepWordingFresh(desk, logger))

    const limits = redisRateLimits(producer, config)
    // Channels take their seats (and attach their senders) before workers start, so a queued send finds its sender.
    // Whether this process is behind, read by the webhook before WeChat's 5 seconds run out.
    const lag = sampleEventLoopLag()
    onStop('event-loop sampler', async () => lag.stop())
    const load = createLoadGauge({ loopLagMs: config.LOAD_SHED_LOOP_LAG_MS, inFlight: config.LOAD_SHED_IN_FLIGHT, storeMs: config.LOAD_SHED_STORE_MS }, lag.lagMs)
    const officialAccount = await officialAccountAtDesk(desk, producer, limits, load)

    const runsWorkers = role === 'worker' || (role === 'all' && config.RUN_WORKERS)
    if (runsWorkers) {
      const workers = startWorkers(desk, redisUrl)
      onStop('workers', () => workers.close(config.SHUTDOWN_TIMEOUT_MS))
      // One process for web and workers: while WeChat's requests are behind, the messages they
      // handed over wait in the intake queue instead of taking the event loop from them.
      // They give way at a quarter of the shedding thresholds, so the webhook rarely has to shed,
      // and only while WeChat's requests are coming: after a burst, the lag is intake's own, and
      // pausing for it would drain the queue in fits (a second's calm for each fifth of a second's work).
      // Only intake waits: outbound sends the replies of messages already shed, and holding it
      // back would leave those workers without an answer for as long as the burst lasts.
      const webhookBehind = () => load.serving(SERVING_WINDOW_MS) && load.behind(YIELD_SHARE)
      if (role === 'all' && officialAccount) onStop('yielding to the webhook', workers.yieldTo(webhookBehind, ['intake']))
      // Schedulers upserted and lost timers re-created, where the workers that run them are.
      onStop('timekeeping', startTimekeeping(desk).stop)
    }
    // The bot: its own role, or part of the all-in-one desk when a puppet is configured.
    let bot: BotRuntime | undefined
    if (role === 'bot' || (role === 'all' && isBotConfigured(config))) {
      if (!isBotConfigured(config)) throw new Error('The bot role runs a WeChat account: set WECHATY_PUPPET (for example wechaty-puppet-service, or wechaty-puppet-mock for the demo).')
      const running = startBot(desk, { redis: producer, redisUrl, ...(opts.botPuppet ? { puppet: opts.botPuppet } : {}) })
      bot = running
      onStop('bot', () => running.stop())
    }
    if (role === 'all' || role === 'worker') {
      const turn = { dialect: dialectOf(config.DATABASE_URL), lease: redisLease(producer, `${config.QUEUE_PREFIX}:outbox-relay-lease`, config.OUTBOX_RELAY_INTERVAL_MS * 5) }
      const stopRelay = startOutboxRelay({ ...desk, turn, graceMs: config.OUTBOX_RELAY_GRACE_MS, intervalMs: config.OUTBOX_RELAY_INTERVAL_MS })
      onStop('outbox relay', stopRelay)
    }

    const app = buildApp({
      desk,
      adminToken: secrets.adminToken,
      redisPing: () => producer.ping(),
      botStatus: () => readBotStatus(producer, config.QUEUE_PREFIX, desk.now()),
      channelRoutes: {
        ...(officialAccount ? { '/wechat/official-account': officialAccount.routes } : {}),
        ...(officialAccount?.edgeRoutes ? { [EDGE_INBOUND_PATH]: officialAccount.edgeRoutes } : {}),
      },
      opsRoutes: opsRoutes(desk, queues),
      pageRoutes: { '/console': consoleRoutes(desk, limits, nodeClientAddress(config)) },
      limits,
      clientAddress: nodeClientAddress(config),
    })
    const url = opts.listen && (role === 'all' || role === 'web') ? await listen(app, config, onStop) : undefined

    let stopped: Promise<void> | undefined
    return { desk, role, app, adminToken: secrets.adminToken, adminTokenFrom: secrets.adminTokenFrom, redisUrl, url, ...(bot ? { bot } : {}), stop: () => (stopped ??= stopAll()) }
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
    outboxMarks: batchedOutboxMarks({ db: parts.db, logger: parts.logger, now: parts.now ?? (() => new Date()) }),
    classifier: parts.classifier ?? createClassifier(config, parts.logger),
    ...llmFacts(config, parts.logger),
    templates: fileTemplates(),
    crypto: FieldCrypto.fromKeyString(parts.dataEncryptionKey),
    channels: new ChannelRegistry(channelSpecs),
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
