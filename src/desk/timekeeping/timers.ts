import type { Category } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import type { OutboxJob } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox, stageJobs, type StagedJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { currentDeadlines, nextTimerOf, planSlaTimers, slaClockNames, slaSettingsOf, stageName, type SlaTimer } from './plan.ts'
import { slaPolicyFor } from './policy.ts'

/**
 * SLA timekeeping for tickets: deadlines stored on the ticket, and in Redis one delayed job
 * per running clock, for that clock's next step (sla-<ticket>-<stage>). When it fires it does
 * every step that is due by then and stages the clock's next step as a new job
 * (on-timer.ts). Every change to a ticket that moves its clocks (a reply, a question to the
 * worker, the worker's answer, reclassifying, closing) calls refreshSlaTimers in its
 * transaction and applyTimerChanges after commit.
 *
 * Why the job id names the step and not only the clock: a fired job stages its successor
 * in the transaction that records its work, and while it runs the job still exists in
 * Redis, where BullMQ ignores an add under an id that exists. With one id per clock the
 * successor's add could only succeed after the job completed; if it came first (the flush
 * right after commit, or the outbox relay) it would be dropped while its outbox row was
 * marked delivered, and the clock would stop. A step's own id never collides with the job
 * staging it, so the successor travels through the outbox like every other job, and a
 * crash at any point leaves either the running job (retried, it redoes nothing and stages
 * again) or the committed outbox row (the relay delivers it).
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

/** Every job a ticket can have under the current settings (one per step): what to cancel before rescheduling. */
export function slaTimerRefs(ctx: Pick<Desk, 'config'>, ticketId: string): TimerRef[] {
  const { reminderFractions, escalationFractions } = slaSettingsOf(ctx.config)
  return slaClockNames.flatMap((clock) =>
    [...reminderFractions, ...escalationFractions].map((f) => ({ queue: 'sla' as const, jobId: jobIds.sla(ticketId, stageName(clock, f)) })),
  )
}

/**
 * The jobs a plan asks for: per clock, its next step whose work is not recorded yet (`done`:
 * job ids), if that step has a time. A step already past gets a job due now, which catches up.
 */
export function slaTimerJobs(ticketId: string, plan: SlaTimer[], done: ReadonlySet<string | null> = new Set()): StagedJob<'sla'>[] {
  return slaClockNames.flatMap((clock) => {
    const timer = nextTimerOf(plan, clock, (stage) => done.has(jobIds.sla(ticketId, stage)))
    if (!timer?.runAt) return []
    return [{ queue: 'sla' as const, name: timer.stage, jobId: jobIds.sla(ticketId, timer.stage), payload: { ticketId, stage: timer.stage }, runAt: timer.runAt }]
  })
}

/**
 * In the caller's transaction, after it changed the ticket: store the deadlines the
 * clocks now give, and stage each running clock's next step whose work is not recorded yet
 * (its event is keyed by the job id). A paused clock gets no job: it is staged again when
 * the worker answers. The cancel list names every step, since which one is in Redis is not
 * known without asking it.
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
