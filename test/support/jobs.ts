import { QueueEvents } from 'bullmq'
import type { RedisClient } from '../../src/redis/connect.ts'
import type { QueueName } from '../../src/queue/jobs.ts'
import { workerConnection } from '../../src/queue/queues.ts'
import { eventually, type TestDesk } from './desk.ts'

/** One end of a job: what it returned, or why it failed for good. */
export type JobEnd = { returnvalue: unknown } | { failedReason: string }

/**
 * How a desk's jobs ended, read from each queue's event stream from its beginning. Timer
 * jobs are removed the moment they complete, so what they returned is kept only there;
 * a job that ended before the test asked is still found.
 *
 * Waiting for a job to end and checking what it returned fails when the job never ran;
 * sleeping and then finding nothing recorded passes either way.
 *
 * @example
 * const jobs = watchJobs(() => t)
 * afterAll(() => jobs.close())
 * expect(await jobs.outcome('sla', jobIds.sla(ticket.id, 'first-response-50'))).toBe('not-due')
 */
export function watchJobs(desk: () => Pick<TestDesk, 'redisUrl' | 'desk'>) {
  const listeners = new Map<QueueName, { events: QueueEvents; connection: RedisClient }>()
  const seen = new Map<string, JobEnd[]>()
  const key = (queue: QueueName, jobId: string) => `${queue}/${jobId}`

  const listen = (queue: QueueName) => {
    if (listeners.has(queue)) return
    const { redisUrl, desk: d } = desk()
    // Its own blocking connection (it waits on the stream), with the URL's password.
    const connection = workerConnection(redisUrl)
    const events = new QueueEvents(queue, { connection, prefix: d.config.QUEUE_PREFIX, lastEventId: '0-0' })
    events.on('error', () => {}) // a closing Redis at the end of a file
    const record = (jobId: string, end: JobEnd) => seen.set(key(queue, jobId), [...ends(queue, jobId), end])
    events.on('completed', ({ jobId, returnvalue }) => record(jobId, { returnvalue }))
    events.on('failed', ({ jobId, failedReason }) => record(jobId, { failedReason }))
    listeners.set(queue, { events, connection })
  }
  const ends = (queue: QueueName, jobId: string): JobEnd[] => seen.get(key(queue, jobId)) ?? []

  /** The job's nth end (1: its first), waited for; a failure fails the test with the job's reason. */
  const nthEnd = async (queue: QueueName, jobId: string, n: number, ms: number) => {
    listen(queue)
    const end = await eventually(async () => ends(queue, jobId)[n - 1], ms).catch(() => {
      throw new Error(`job ${jobId} on ${queue} did not end ${n === 1 ? '' : `a ${n}th time `}within ${ms} ms`)
    })
    if ('failedReason' in end) throw new Error(`job ${jobId} on ${queue} failed: ${end.failedReason}`)
    return end.returnvalue
  }

  return {
    /** What the job returned the first time it ended, waiting for that if need be. */
    outcome: (queue: QueueName, jobId: string, ms = 15_000) => nthEnd(queue, jobId, 1, ms),
    /** Every end of the job seen so far. */
    ends: (queue: QueueName, jobId: string) => (listen(queue), ends(queue, jobId)),
    /** Runs a delayed job now, as if its time had come, and resolves with what it returned. */
    async runNow(queue: QueueName, jobId: string, ms = 15_000) {
      listen(queue)
      const job = await desk().desk.queues[queue].getJob(jobId)
      if (!job) throw new Error(`no job ${jobId} on ${queue}`)
      const before = ends(queue, jobId).length
      await job.promote()
      return nthEnd(queue, jobId, before + 1, ms)
    },
    async close() {
      await Promise.all([...listeners.values()].map(async ({ events, connection }) => {
        await events.close()
        connection.disconnect()
      }))
      listeners.clear()
    },
  }
}
