import { UnrecoverableError, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import type { WorkerDesk } from '../src/desk/desk.ts'
import { payloadSchema, type QueueWorker } from '../src/queue/define.ts'
import { queueNames, type QueueName } from '../src/queue/jobs.ts'
import { workerConnection } from '../src/queue/queues.ts'
import { intakeWorker } from './intake.ts'
import { outboundWorker } from './outbound.ts'
import { slaWorker } from './sla.ts'
import { callbacksWorker } from './callbacks.ts'
import { schedulesWorker } from './schedules.ts'

/** Every queue's worker. The type makes a new queue in the catalog without a worker a compile error. */
export const workers: { [Q in QueueName]: QueueWorker<Q> } = {
  sla: slaWorker,
  callbacks: callbacksWorker,
  schedules: schedulesWorker,
  outbound: outboundWorker,
  intake: intakeWorker,
}

export type RunningWorkers = { close(timeoutMs: number): Promise<void> }

/**
 * Starts a BullMQ worker per queue (or the queues named). Each job's payload is parsed
 * again: a payload that no longer fits its schema fails at once instead of burning
 * retries.
 */
export function startWorkers(desk: WorkerDesk, redisUrl: string, only: QueueName[] = queueNames): RunningWorkers {
  const connections: Redis[] = []
  const running = only.map((name) => {
    const def = workers[name] as QueueWorker<QueueName>
    const connection = workerConnection(redisUrl)
    connections.push(connection)
    const worker = new Worker(
      name,
      async (job, token) => {
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
      },
    )
    worker.on('completed', () => desk.metrics.jobs.inc({ queue: name, outcome: 'completed' }))
    worker.on('failed', (job, err) => {
      desk.metrics.jobs.inc({ queue: name, outcome: 'failed' })
      desk.logger.error({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed')
    })
    worker.on('error', (err) => desk.logger.error({ queue: name, err: err.message }, 'worker error'))
    return worker
  })
  return {
    async close(timeoutMs) {
      // Let running jobs finish. Past the deadline drop the connections: unfinished jobs' locks
      // expire and another worker retries them. With Redis gone, closing can never complete
      // (a job cannot even record that it finished), so there is nothing to wait for.
      const redisUp = connections.every((c) => c.status === 'ready')
      const graceful = Promise.all(running.map((w) => w.close(!redisUp)))
      // Redis may also go while we wait (or be gone before a connection noticed): stop waiting then.
      const redisGone = new Promise((r) => connections.forEach((c) => c.once('close', r)))
      if (redisUp) await Promise.race([graceful, redisGone, new Promise((r) => setTimeout(r, timeoutMs).unref())])
      else graceful.catch(() => {})
      // BullMQ never closes a connection it was handed.
      for (const c of connections) c.disconnect()
    },
  }
}
