import type { JobsOptions } from 'bullmq'
import { z } from 'zod'

/**
 * The queue contract. Queue names, job names and payloads are read by jobs already
 * waiting in Redis: renaming a queue strands them, so add a new name instead, and
 * change a payload only by adding optional fields. Payloads carry ids, never
 * personal data; a job re-reads the database before it acts.
 */
export const SlaJob = z.object({
  ticketId: z.string().min(1),
  /** Which timer fired. Stages beyond first-response arrive with the SLA issue. */
  stage: z.enum(['first-response']),
})
export type SlaJob = z.infer<typeof SlaJob>

/** A stored inbound message whose processing never finished (the process died): finish it. */
export const IntakeJob = z.object({ messageId: z.string().min(1) })
export type IntakeJob = z.infer<typeof IntakeJob>

/** One message to a worker: the Delivery row holds everything else. */
export const OutboundJob = z.object({ deliveryId: z.string().min(1) })
export type OutboundJob = z.infer<typeof OutboundJob>

/** Timers are kept a day after they run, so a re-enqueue with the same id by the outbox relay stays a no-op. */
const timerOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
}

/** Sends retry with backoff for about a quarter of an hour, then stay visible as failed (dead letters). */
const outboundOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
}

export const jobCatalog = {
  sla: { payload: SlaJob, options: timerOptions },
  outbound: { payload: OutboundJob, options: outboundOptions },
  intake: { payload: IntakeJob, options: { attempts: 10, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } } },
} as const satisfies Record<string, { payload: z.ZodType; options: JobsOptions }>

export type QueueName = keyof typeof jobCatalog
export const queueNames = Object.keys(jobCatalog) as QueueName[]
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobCatalog)[Q]['payload']>

/** Deterministic job ids: scheduling twice is a no-op, cancelling needs no lookup. BullMQ forbids ':' in ids. */
export const jobIds = {
  sla: (ticketId: string, stage: SlaJob['stage']) => `sla-${ticketId}-${stage}`,
  outbound: (deliveryId: string) => `out-${deliveryId}`,
  intake: (messageId: string) => `intake-${messageId}`,
}
