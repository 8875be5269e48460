import { DelayedError, UnrecoverableError, Worker } from 'bullmq'
import type { RedisClient } from '../src/redis/connect.ts'
import type { WorkerDesk } from '../src/desk/desk.ts'
import { payloadSchema, type QueueWorker } from '../src/queue/define.ts'
import { workerQueueNames, type QueueName } from '../src/queue/jobs.ts'
import { workerConnection } from '../src/queue/queues.ts'
import { intakeWorker } from './intake.ts'
import { outboundWorker } from './outbound.ts'
import { slaWorker } from './sla.ts'
import { callbacksWorker } from './callbacks.ts'
import { schedulesWorker } from './schedules.ts'
import { postingsWorker } from './postings.ts'
import { wechatyWorker } from './wechaty.ts'

/** Every queue's worker. The type makes a new queue in the catalog without a worker a compile error. */
export const workers: { [Q in QueueName]: QueueWorker<Q> } = {
  sla: slaWorker,
  callbacks: callbacksWorker,
  schedules: schedulesWorker,
  outbound: outboundWorker,
  intake: intakeWorker,
  postings: postingsWorker,
  wechaty: wechatyWorker,
}

export type RunningWorkers = {
  close(timeoutMs: number): Promise<void>
  /**
   * While `behind()` says so, the named queues take no new jobs in this process (running ones
   * finish), and they take jobs again once it has said no for `calmMs`. For the one-process
   * desk: its webhook and its workers share one event loop, and an answer WeChat waits for
   * comes before work that can wait (src/lib/load-gauge.ts). Returns the stop function.
   */
  yieldTo(behind: () => unknown, queues: readonly QueueName[], opts?: { everyMs?: number; calmMs?: number }): () => Promise<void>
}

/**
 * Starts a BullMQ worker per queue (by default every queue a worker process consumes: not the
 * bot's, which only the bot process logged in to the account runs), or the queues named. Each
 * job's payload is parsed again: a payload that no longer fits its schema fails at once
 * instead of burning retries.
 */
export function startWorkers(desk: WorkerDesk, redisUrl: string, only: readonly QueueName[] = workerQueueNames): RunningWorkers {
  const connections: RedisClient[] = []
  const byQueue = new Map<QueueName, Worker>()
  /** Queues giving way now (yieldTo), and how soon a job they were handed anyway is looked at again. */
  const yielding = new Map<QueueName, number>()
  const running = only.map((name) => {
    const def = workers[name] as QueueWorker<QueueName>
    const connection = workerConnection(redisUrl)
    connections.push(connection)
    const worker = new Worker(
      name,
      async (job, token) => {
        // A paused BullMQ worker still takes the one job its waiting fetch returns: that job waits too.
        const backIn = yielding.get(name)
        if (backIn !== undefined && token) {
          await job.moveToDelayed(Date.now() + backIn, token)
          throw new DelayedError()
        }
        const parsed = payloadSchema(name).safeParse(job.data)
        if (!parsed.success) throw new UnrecoverableError(`payload does not fit the ${name} schema: ${parsed.error.message}`)
        const logger = desk.logger.child({ queue: name, jobId: job.id, job: job.name })
        return def.process(parsed.data, { desk, job, token, logger })
      },
      {
        connection,
        prefix: desk.config.QUEUE_PREFIX,
        concurrency: def.concurrency,
        ...(def.limiter ? { limiter: def.limiter } : {}),
        ...(def.lockDuration ? { lockDuration: def.lockDuration, stalledInterval: def.lockDuration } : {}),
      },
    )
    worker.on('completed', () => desk.metrics.jobs.inc({ queue: name, outcome: 'completed' }))
    worker.on('failed', (job, err) => {
      desk.metrics.jobs.inc({ queue: name, outcome: 'failed' })
      desk.logger.error({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed')
    })
    worker.on('error', (err) => desk.logger.error({ queue: name, err: err.message }, 'worker error'))
    byQueue.set(name, worker)
    return worker
  })
  return {
    yieldTo(behind, queues, { everyMs = 200, calmMs = 1000 } = {}) {
      const ours = queues.filter((q) => byQueue.has(q))
      let paused = false
      let calmSince = 0
      const pause = () => {
        paused = true
        for (const q of ours) {
          yielding.set(q, calmMs)
          void byQueue.get(q)!.pause(true).catch(() => {})
        }
      }
      const resume = () => {
        paused = false
        for (const q of ours) {
          yielding.delete(q)
          byQueue.get(q)!.resume()
        }
      }
      const timer = setInterval(() => {
        const now = Date.now()
        if (behind()) {
          calmSince = 0
          if (paused) return
          pause()
          desk.logger.warn({ queues }, 'behind: these queues wait while WeChat is answered first')
        } else if (paused) {
          calmSince ||= now
          if (now - calmSince < calmMs) return
          resume()
          desk.logger.info({ queues }, 'caught up: these queues take jobs again')
        }
      }, everyMs)
      timer.unref()
      return async () => {
        clearInterval(timer)
        if (paused) resume()
      }
    },
    async close(timeoutMs) {
      // Let running jobs finish. Past the deadline drop the connections: unfinished jobs' locks
      // expire and another worker retries them. With RedisClient gone, closing can never complete
      // (a job cannot even record that it finished), so there is nothing to wait for.
      const redisUp = connections.every((c) => c.status === 'ready')
      const graceful = Promise.all(running.map((w) => w.close(!redisUp)))
      // RedisClient may also go while we wait (or be gone before a connection noticed): stop waiting then.
      const redisGone = new Promise((r) => connections.forEach((c) => c.once('close', r)))
      if (redisUp) await Promise.race([graceful, redisGone, new Promise((r) => setTimeout(r, timeoutMs).unref())])
      else graceful.catch(() => {})
      // BullMQ never closes a connection it was handed.
      for (const c of connections) c.disconnect()
    },
  }
}
