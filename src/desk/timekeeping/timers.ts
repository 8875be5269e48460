import type { Category } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import type { OutboxJob } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox, stageJobs, type StagedJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { currentDeadlines, planSlaTimers, slaClockNames, slaSettingsOf, stageName, type SlaTimer } from './plan.ts'
import { slaPolicyFor } from './policy.ts'

/**
 * SLA timekeeping for tickets: deadlines stored on the ticket, one BullMQ delayed job per
 * timer (sla-<ticket>-<stage>). Every change to a ticket that moves its clocks (a reply, a
 * question to the worker, the worker's answer, closing) calls refreshSlaTimers in its
 * transaction and applyTimerChanges after commit.
 */
export type TimerRef = { queue: 'sla' | 'callbacks'; jobId: string }
export type TimerChanges = { cancel: TimerRef[]; staged: OutboxJob[] }

type Ctx = Pick<Desk, 'config' | 'calendar'>

export async function slaStateOf(tx: Tx, ctx: Ctx, ticketId: string) {
  const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, include: { pauses: true } })
  if (!ticket) return null
  const policy = await slaPolicyFor(tx, ticket.category as Category, ticket.urgent)
  const plan = planSlaTimers(ticket, policy, ticket.pauses, ctx.calendar, slaSettingsOf(ctx.config))
  return { ticket, policy, plan }
}

/** Every timer a ticket can have under the current settings: what to cancel before rescheduling. */
export function slaTimerRefs(ctx: Pick<Desk, 'config'>, ticketId: string): TimerRef[] {
  const { reminderFractions, escalationFractions } = slaSettingsOf(ctx.config)
  return slaClockNames.flatMap((clock) =>
    [...reminderFractions, ...escalationFractions].map((f) => ({ queue: 'sla' as const, jobId: jobIds.sla(ticketId, stageName(clock, f)) })),
  )
}

/** The jobs a plan asks for: every timer with a time whose work is not recorded yet (`done`: job ids). */
export function slaTimerJobs(ticketId: string, plan: SlaTimer[], done: ReadonlySet<string | null> = new Set()): StagedJob<'sla'>[] {
  return plan.flatMap((timer) => {
    const jobId = jobIds.sla(ticketId, timer.stage)
    if (!timer.runAt || done.has(jobId)) return []
    return [{ queue: 'sla' as const, name: timer.stage, jobId, payload: { ticketId, stage: timer.stage }, runAt: timer.runAt }]
  })
}

/**
 * In the caller's transaction, after it changed the ticket: store the deadlines the
 * clocks now give, and stage a job for every timer that has a time and has not done its
 * work yet (its event is keyed by the job id). Timers of a paused clock get no job: they
 * are staged again when the worker answers.
 */
export async function refreshSlaTimers(tx: Tx, ctx: Ctx, ticketId: string): Promise<TimerChanges> {
  const state = await slaStateOf(tx, ctx, ticketId)
  if (!state) return { cancel: [], staged: [] }
  const { ticket, policy, plan } = state
  const deadlines = currentDeadlines(ticket, policy, ticket.pauses, ctx.calendar)
  if (deadlines.firstResponseDueAt?.getTime() !== ticket.firstResponseDueAt?.getTime() || deadlines.resolutionDueAt?.getTime() !== ticket.resolutionDueAt?.getTime()) {
    await tx.ticket.update({ where: { id: ticket.id }, data: deadlines })
  }
  const done = new Set(
    (await tx.ticketEvent.findMany({ where: { ticketId, dedupeKey: { startsWith: `sla-${ticketId}-` } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey),
  )
  return { cancel: slaTimerRefs(ctx, ticket.id), staged: await stageJobs(tx, slaTimerJobs(ticket.id, plan, done)) }
}

/**
 * After commit: remove the jobs that may now be wrong, then enqueue the fresh ones. A
 * removal that fails (Redis down, the job running right now) is harmless: the old job
 * re-reads the ticket and stands down, and the reconciler re-creates what is missing.
 */
export async function applyTimerChanges(desk: Pick<Desk, 'db' | 'jobs' | 'logger' | 'now'>, changes: TimerChanges) {
  await Promise.all(
    changes.cancel.map(({ queue, jobId }) =>
      desk.jobs
        .remove(queue, jobId)
        .catch((err: unknown) => desk.logger.warn({ jobId, err: String(err) }, 'could not cancel a timer now; it will re-read state and stand down')),
    ),
  )
  await flushOutbox(desk, changes.staged)
}
