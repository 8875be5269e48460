import type { QueueName } from './jobs.ts'
import type { Queues } from './queues.ts'

/** One job as a queue takes it: the same fields BullMQ's addBulk reads. */
export type QueuedJob = { name: string; data: object; opts: { jobId: string; timestamp: number; delay: number } }

/**
 * How committed work reaches the queues: the one thing about BullMQ that request paths need.
 * On Node it is BullMQ itself; an entry that cannot reach Redis (the edge) passes one that
 * does nothing, and the core's outbox relay enqueues the staged rows instead.
 */
export interface JobQueue {
  add(queue: QueueName, jobs: QueuedJob[]): Promise<void>
  /** Removing a job that is gone or running is not an error: the job re-reads state and stands down. */
  remove(queue: QueueName, jobId: string): Promise<void>
}

export function bullJobQueue(queues: Queues): JobQueue {
  return {
    async add(queue, jobs) {
      await queues[queue].addBulk(jobs)
    },
    async remove(queue, jobId) {
      await queues[queue].remove(jobId)
    },
  }
}

/** For entries that only stage: rows stay in the outbox, and the relay of a core process enqueues them. */
export const stageOnly: JobQueue = {
  async add() {
    throw new Error('this entry stages jobs only; the outbox relay enqueues them')
  },
  async remove() {},
}
