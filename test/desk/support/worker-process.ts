/**
 * A second worker process for tests: what a worker-only entry runs (BullMQ workers and
 * timekeeping, no HTTP, no migration, no seeding) on the database and Redis of a desk
 * that is already up. Started as a real child process, because two SQLite connections
 * in one Node thread block each other (better-sqlite3 waits synchronously).
 *
 * Configured by the same environment variables as the desk; prints "ready" once its
 * workers run, and stops cleanly on SIGTERM.
 */
import path from 'node:path'
import { createClassifier } from '../../../src/classify/index.ts'
import { loadConfig } from '../../../src/config.ts'
import { createPrisma, tuneSqlite } from '../../../src/db/client.ts'
import { repoRoot } from '../../../src/db/migrate.ts'
import type { Desk } from '../../../src/desk/deps.ts'
import { startTimekeeping } from '../../../src/desk/schedules.ts'
import { createLogger } from '../../../src/log.ts'
import { createMetrics } from '../../../src/metrics.ts'
import { FieldCrypto } from '../../../src/privacy/field-crypto.ts'
import { createQueues, producerConnection, waitUntilReady } from '../../../src/queue/queues.ts'
import { loadReplies } from '../../../src/text/templates.ts'
import { startWorkers } from '../../../workers/index.ts'

const config = loadConfig(process.env)
const redisUrl = config.REDIS_URL!
const logger = createLogger({ level: config.LOG_LEVEL })
const db = createPrisma(config.DATABASE_URL)
await tuneSqlite(db)
const producer = producerConnection(redisUrl)
await waitUntilReady(producer)
const queues = createQueues(producer, config.QUEUE_PREFIX)
const desk: Desk = {
  config, db, logger, queues,
  metrics: createMetrics(),
  classifier: createClassifier(config, logger),
  replies: loadReplies(path.join(repoRoot, 'prompts', 'replies')),
  crypto: FieldCrypto.fromKeyString(config.DATA_ENCRYPTION_KEY!),
  senders: {},
  now: () => new Date(),
}
const workers = startWorkers(desk, redisUrl)
const timekeeping = startTimekeeping(desk)
process.stdout.write('ready\n')

process.once('SIGTERM', async () => {
  await timekeeping.stop()
  await workers.close(2000)
  await queues.close()
  producer.disconnect()
  await db.$disconnect()
  process.exit(0)
})
