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
  /**
   * Which timer: a clock and the share of its budget, in percent, at which it fires.
   * Below 100 a reminder to the assignee, 100 the breach (escalation to the unit's leader),
   * above 100 the next escalation steps (src/desk/sla-plan.ts).
   */
  stage: z.string().regex(/^(first-response|resolution)-\d{1,4}$/, 'stage looks like first-response-50 or resolution-100'),
})
export type SlaJob = z.infer<typeof SlaJob>

/** A call or visit owed to a worker comes due (stage due) or stays undone too long (stage overdue). */
export const CallbackJob = z.object({
  taskId: z.string().min(1),
  stage: z.enum(['due', 'overdue']),
  /** The task's attempt the timer belongs to: a retry after "not reached" gets fresh timers. */
  attempt: z.number().int().min(0),
})
export type CallbackJob = z.infer<typeof CallbackJob>

/** Recurring desk-wide passes, run by BullMQ job schedulers (src/desk/schedules.ts). */
export const ScheduleJob = z.object({ task: z.enum(['plan-callbacks', 'reconcile-timers']) })
export type ScheduleJob = z.infer<typeof ScheduleJob>

/** A stored inbound message whose processing never finished (the process died): finish it. */
export const IntakeJob = z.object({ messageId: z.string().min(1) })
export type IntakeJob = z.infer<typeof IntakeJob>

/** One message to a worker: the Delivery row holds everything else. */
export const OutboundJob = z.object({
  deliveryId: z.string().min(1),
  /** How often this send already waited for a channel quota to reset (src/desk/messaging/quota.ts): it gives up past a ceiling. */
  quotaWaits: z.object({ daily: z.number().int().min(0), short: z.number().int().min(0) }).partial().optional(),
})
export type OutboundJob = z.infer<typeof OutboundJob>

/**
 * One send by the Wechaty bot (src/channels/wechaty), consumed only by the process logged in to
 * the account: a message to a worker (a Delivery row, as on 'outbound') or a cadre's notice
 * (a CadreNotice row, for a cadre who bound their WeChat). Exactly one of the two.
 */
export const WechatyJob = z
  .object({ deliveryId: z.string().min(1).optional(), noticeId: z.string().min(1).optional() })
  .refine((j) => (j.deliveryId === undefined) !== (j.noticeId === undefined), 'a wechaty job names a deliveryId or a noticeId')
export type WechatyJob = z.infer<typeof WechatyJob>

/**
 * A published job posting's push (src/desk/postings): `fanout` plans one page of matching
 * subscribers, writes their pushes and stages the next page; `push` sends one planned page.
 */
export const PostingJob = z.object({
  postingId: z.string().min(1),
  step: z.enum(['fanout', 'push']),
  /** The fan-out page: planned by the fanout step, sent by the push step. */
  page: z.number().int().min(0),
})
export type PostingJob = z.infer<typeof PostingJob>

/** Timers are kept a day after they run, so a re-enqueue with the same id by the outbox relay stays a no-op. */
const timerOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
}

/**
 * SLA and callback timers record what they did under their job id, so a finished job is
 * not needed to stay idempotent; removing it at once lets a moved deadline reuse the id.
 */
const deadlineTimerOptions: JobsOptions = { ...timerOptions, removeOnComplete: true }

/** Sends retry with backoff for about a quarter of an hour, then stay visible as failed (dead letters). */
const outboundOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
}

/** A scheduled pass that fails is retried a few times; the next run comes anyway. */
const scheduleOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { count: 50 },
  removeOnFail: { count: 200 },
}

export const jobCatalog = {
  sla: { payload: SlaJob, options: deadlineTimerOptions },
  outbound: { payload: OutboundJob, options: outboundOptions },
  callbacks: { payload: CallbackJob, options: deadlineTimerOptions },
  schedules: { payload: ScheduleJob, options: scheduleOptions },
  postings: { payload: PostingJob, options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } } },
  intake: { payload: IntakeJob, options: { attempts: 10, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } } },
  // Waiting for the bot to be logged in spends no attempt (the bot consumes only while logged in); these are for sends that fail: about two hours of backoff.
  wechaty: { payload: WechatyJob, options: { attempts: 12, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } } },
} as const satisfies Record<string, { payload: z.ZodType; options: JobsOptions }>

export type QueueName = keyof typeof jobCatalog
export const queueNames = Object.keys(jobCatalog) as QueueName[]
/** Queues only a bot process consumes (it holds the account's lease and is logged in): worker processes leave them alone. */
export const botQueueNames: readonly QueueName[] = ['wechaty']
/** What a worker process consumes. */
export const workerQueueNames = queueNames.filter((q) => !botQueueNames.includes(q))
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobCatalog)[Q]['payload']>

/** Deterministic job ids: scheduling twice is a no-op, cancelling needs no lookup. BullMQ forbids ':' in ids. */
export const jobIds = {
  sla: (ticketId: string, stage: SlaJob['stage']) => `sla-${ticketId}-${stage}`,
  outbound: (deliveryId: string) => `out-${deliveryId}`,
  callback: (taskId: string, attempt: number, stage: CallbackJob['stage']) => `cb-${taskId}-${attempt}-${stage}`,
  intake: (messageId: string) => `intake-${messageId}`,
  cadreNotice: (noticeId: string) => `cn-${noticeId}`,
}

/** Fixed ids of the job schedulers: upserting them again (another process, a restart) changes nothing. */
export const schedulerIds = { planCallbacks: 'plan-callbacks', reconcileTimers: 'reconcile-timers' } as const
