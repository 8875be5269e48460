import { Queue } from 'bullmq'
import { connectRedis, type RedisClient } from '../redis/connect.ts'
import { jobCatalog, queueNames, type QueueName } from './jobs.ts'

/** `redis`: the producer connection, for what shares state through Redis beside the queues (the job-push pace). */
export type Queues = Record<QueueName, Queue> & { close(): Promise<void>; redis: RedisClient }

/**
 * A producer connection fails fast: when Redis is down, a request must not hang
 * waiting for it. The outbox keeps what could not be enqueued, and the relay
 * delivers it once Redis is back.
 */
export function producerConnection(url: string): RedisClient {
  const redis = connectRedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 })
  redis.on('error', () => {}) // reported by health checks and by the calls that fail
  return redis
}

/** Resolves once the connection is ready; a desk does not report itself up before Redis answers. */
export async function waitUntilReady(redis: RedisClient, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady)
      reject(new Error(`Cannot reach Redis within ${timeoutMs / 1000} s. Check REDIS_URL, or unset it to let the desk start its own.`))
    }, timeoutMs)
    const onReady = () => {
      clearTimeout(timer)
      resolve()
    }
    redis.once('ready', onReady)
  })
}

/** Workers block on Redis, so BullMQ requires maxRetriesPerRequest: null on their connection. */
export function workerConnection(url: string): RedisClient {
  const redis = connectRedis(url, { maxRetriesPerRequest: null })
  redis.on('error', () => {})
  return redis
}

export function createQueues(connection: RedisClient, prefix: string): Queues {
  const queues = Object.fromEntries(
    queueNames.map((name) => {
      const q = new Queue(name, { connection, prefix, defaultJobOptions: jobCatalog[name].options })
      q.on('error', () => {})
      return [name, q]
    }),
  ) as Record<QueueName, Queue>
  return Object.assign(queues, {
    redis: connection,
    async close() {
      await Promise.all(queueNames.map((n) => queues[n].close()))
    },
  })
}
