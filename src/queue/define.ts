import type { Job } from 'bullmq'
import type { Logger } from 'pino'
import type { WorkerDesk } from '../desk/desk.ts'
import { jobCatalog, type JobPayload, type QueueName } from './jobs.ts'

/** `token` is the job's lock token: a processor needs it to move its job to a later time (job.moveToDelayed). */
export type JobContext = { desk: WorkerDesk; job: Job; token: string | undefined; logger: Logger }

/** A queue's worker: its name, how it runs, and a processor that calls one domain function. */
export type QueueWorker<Q extends QueueName> = {
  queue: Q
  concurrency: number
  limiter?: { max: number; duration: number }
  /** How long a job's lock lasts before BullMQ counts it stalled and hands it to another worker (renewed while it runs). */
  lockDuration?: number
  process(payload: JobPayload<Q>, ctx: JobContext): Promise<unknown>
}

export const defineWorker = <Q extends QueueName>(def: QueueWorker<Q>) => def

/** The catalog's schema for a queue: payloads are checked again when they come off Redis. */
export const payloadSchema = <Q extends QueueName>(queue: Q) => jobCatalog[queue].payload
