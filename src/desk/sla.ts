import type { Category } from '../classify/types.ts'
import type { Tx } from '../db/client.ts'
import type { OutboxJob, Ticket } from '../generated/prisma/client.ts'
import { jobIds } from '../queue/jobs.ts'
import { flushOutbox, stageJobs, type StagedJob } from '../queue/outbox.ts'
import { notifyCadre } from './cadre-notify.ts'
import type { Desk } from './deps.ts'
import { escalationLadder, rungAt } from './escalation.ts'
import { currentDeadlines, planSlaTimers, slaClockNames, slaSettingsOf, stageName, timerFor, type SlaPolicyTerms, type SlaTimer } from './sla-plan.ts'
import { deskCalendar } from './work-calendar.ts'

/**
 * SLA timekeeping for tickets: deadlines stored on the ticket, one BullMQ delayed job per
 * timer (sla-<ticket>-<stage>), and what a timer does when it fires. Every change to a
 * ticket that moves its clocks (a reply, a question to the worker, the worker's answer,
 * closing) calls refreshSlaTimers in its transaction and applyTimerChanges after commit.
 */

/** Used when no policy row matches: the 2-hour rule around the clock for urgent cases, a working day otherwise. */
export const fallbackPolicy = (urgent: boolean): SlaPolicyTerms => ({
  firstResponseSeconds: urgent ? 2 * 3600 : 8 * 3600,
  resolutionSeconds: urgent ? 24 * 3600 : 10 * 8 * 3600,
  clockMode: urgent ? 'calendar' : 'business',
})

export async function slaPolicyFor(tx: Tx, category: Category, urgent: boolean): Promise<SlaPolicyTerms> {
  const row = await tx.slaPolicy.findUnique({ where: { category_urgent: { category, urgent } } })
  return row ?? fallbackPolicy(urgent)
}

type Ctx = Pick<Desk, 'config'>

async function slaStateOf(tx: Tx, ctx: Ctx, ticketId: string) {
  const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, include: { pauses: true } })
  if (!ticket) return null
  const policy = await slaPolicyFor(tx, ticket.category as Category, ticket.urgent)
  const calendar = deskCalendar(ctx.config)
  const plan = planSlaTimers(ticket, policy, ticket.pauses, calendar, slaSettingsOf(ctx.config))
  return { ticket, policy, calendar, plan }
}

/** The deadlines of a ticket opened now, before it has pauses: for intake's insert. */
export function openingDeadlines(ctx: Ctx, policy: SlaPolicyTerms, now: Date) {
  return currentDeadlines(
    { createdAt: now, status: 'open', firstRespondedAt: null, closedAt: null, firstResponseDueAt: null, resolutionDueAt: null },
    policy, [], deskCalendar(ctx.config),
  )
}

/** Every job id a ticket's timers can have under the current settings: what to cancel before rescheduling. */
export function slaJobIdsOf(ctx: Ctx, ticketId: string): string[] {
  const { reminderFractions, escalationFractions } = slaSettingsOf(ctx.config)
  return slaClockNames.flatMap((clock) => [...reminderFractions, ...escalationFractions].map((f) => jobIds.sla(ticketId, stageName(clock, f))))
}

export type TimerChanges = { cancel: string[]; staged: OutboxJob[] }

/**
 * In the caller's transaction, after it changed the ticket: store the deadlines the
 * clocks now give, and stage a job for every timer that has a time and has not done its
 * work yet (its event is keyed by the job id). Timers of a paused clock get no job: they
 * are staged again when the worker answers.
 */
export async function refreshSlaTimers(tx: Tx, ctx: Ctx, ticketId: string): Promise<TimerChanges> {
  const state = await slaStateOf(tx, ctx, ticketId)
  if (!state) return { cancel: [], staged: [] }
  const { ticket, policy, calendar, plan } = state
  const deadlines = currentDeadlines(ticket, policy, ticket.pauses, calendar)
  if (deadlines.firstResponseDueAt?.getTime() !== ticket.firstResponseDueAt?.getTime() || deadlines.resolutionDueAt?.getTime() !== ticket.resolutionDueAt?.getTime()) {
    await tx.ticket.update({ where: { id: ticket.id }, data: deadlines })
  }
  const done = new Set(
    (await tx.ticketEvent.findMany({ where: { ticketId, dedupeKey: { startsWith: `sla-${ticketId}-` } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey),
  )
  return { cancel: slaJobIdsOf(ctx, ticket.id), staged: await stageTimers(tx, ticket.id, plan, done) }
}

/** One outbox row per timer that has a time and has not done its work yet. */
function stageTimers(tx: Tx, ticketId: string, plan: SlaTimer[], done: ReadonlySet<string | null> = new Set()): Promise<OutboxJob[]> {
  const jobs: StagedJob<'sla'>[] = []
  for (const timer of plan) {
    const jobId = jobIds.sla(ticketId, timer.stage)
    if (timer.runAt && !done.has(jobId)) jobs.push({ queue: 'sla', name: timer.stage, jobId, payload: { ticketId, stage: timer.stage }, runAt: timer.runAt })
  }
  return stageJobs(tx, jobs)
}

/**
 * After commit: remove the jobs that may now be wrong, then enqueue the fresh ones. A
 * removal that fails (Redis down, the job running right now) is harmless: the old job
 * re-reads the ticket and stands down, and the reconciler re-creates what is missing.
 */
export async function applyTimerChanges(desk: Pick<Desk, 'db' | 'queues' | 'logger' | 'now'>, changes: TimerChanges) {
  await Promise.all(
    changes.cancel.map((jobId) =>
      (jobId.startsWith('cb-') ? desk.queues.callbacks : desk.queues.sla)
        .remove(jobId)
        .catch((err: unknown) => desk.logger.warn({ jobId, err: String(err) }, 'could not cancel a timer now; it will re-read state and stand down')),
    ),
  )
  await flushOutbox(desk, changes.staged)
}

/**
 * A new ticket's clocks, in intake's transaction: its timers, and for an urgent case the
 * leader told at once. A new ticket has no pauses and no timer has run, so the plan needs
 * nothing read back.
 */
export async function startSlaClocks(tx: Tx, ctx: Ctx, ticket: Ticket, policy: SlaPolicyTerms): Promise<OutboxJob[]> {
  if (ticket.urgent) await tellLeaderAtOnce(tx, ticket, ticket.createdAt)
  return stageTimers(tx, ticket.id, planSlaTimers(ticket, policy, [], deskCalendar(ctx.config), slaSettingsOf(ctx.config)))
}

/**
 * The 2-hour rule: an urgent case is reported to a leader the moment it arrives, not when
 * a timer runs out. Routing gave it to a leader; if nobody could take it, the unit's
 * leader (or the nearest one above) is told anyway.
 */
async function tellLeaderAtOnce(tx: Tx, ticket: Ticket, at: Date) {
  let leaderId = ticket.assigneeId
  if (!leaderId) leaderId = rungAt(await escalationLadder(tx, ticket.unitId, null), 1)?.leader.id ?? null
  if (!leaderId) return
  await notifyCadre(tx, {
    cadreId: leaderId, kind: 'leader.notified', ticketId: ticket.id, dedupeKey: `urgent-${ticket.id}`, at,
    data: { reason: 'urgent', firstResponseDueAt: ticket.firstResponseDueAt },
  })
}

/** The desk starts waiting for the worker (a question was asked): both clocks stop. */
export async function pauseSla(tx: Tx, ticket: Pick<Ticket, 'id' | 'slaPausedAt'>, at: Date) {
  if (ticket.slaPausedAt) return
  await tx.slaPause.create({ data: { ticketId: ticket.id, pausedAt: at } })
  await tx.ticket.update({ where: { id: ticket.id }, data: { slaPausedAt: at } })
}

/** The worker answered (or the case moves on without them): the clocks run again from here. */
export async function resumeSla(tx: Tx, ticketId: string, at: Date) {
  await tx.slaPause.updateMany({ where: { ticketId, resumedAt: null }, data: { resumedAt: at } })
  await tx.ticket.update({ where: { id: ticketId }, data: { slaPausedAt: null } })
}

/**
 * When the worker writes on a ticket that was waiting for them: resume, in intake's
 * transaction, and hand back the jobs to enqueue. While paused no timer of the ticket
 * was left in Redis, so enqueuing needs no cancelling first.
 */
export async function resumeOnWorkerAnswer(tx: Tx, ctx: Ctx, ticketId: string, at: Date): Promise<OutboxJob[]> {
  await resumeSla(tx, ticketId, at)
  return (await refreshSlaTimers(tx, ctx, ticketId)).staged
}

export type TimerOutcome = 'reminded' | 'escalated' | 'not-due' | 'early' | 'already-done'

/**
 * An SLA timer fired. It re-reads the ticket and asks the plan whether this stage is due
 * now: the cadre may have answered, the ticket may be paused or closed, the deadline may
 * have moved. Only then does it act, once: the job id is the dedupe key of what it
 * records, so a late, repeated or concurrent run does nothing more.
 */
export async function onSlaTimer(desk: Pick<Desk, 'db' | 'logger' | 'now' | 'config'>, ticketId: string, stage: string): Promise<TimerOutcome> {
  const dedupeKey = jobIds.sla(ticketId, stage)
  try {
    return await desk.db.$transaction(async (tx) => {
      const now = desk.now()
      const state = await slaStateOf(tx, desk, ticketId)
      const timer = state && timerFor(stage, state.plan)
      if (!state || !timer?.runAt) return 'not-due'
      // A second of slack: Redis and the database clocks may disagree a little.
      if (timer.runAt.getTime() > now.getTime() + 1000) return 'early'
      if (await tx.ticketEvent.findUnique({ where: { dedupeKey }, select: { id: true } })) return 'already-done'
      const { ticket } = state
      const dueAt = timerFor(stageName(timer.clock, 1), state.plan)?.runAt ?? null
      const ladder = () => escalationLadder(tx, ticket.unitId, ticket.assigneeId)
      const base = { clock: timer.clock, fraction: timer.fraction, dueAt, assigneeId: ticket.assigneeId }
      if (timer.kind === 'reminder') {
        // An unassigned ticket's reminder goes to the unit's leader: somebody must pick it up.
        const to = ticket.assigneeId ?? rungAt(await ladder(), 1)?.leader.id
        if (to) await notifyCadre(tx, { cadreId: to, kind: 'sla.reminder', ticketId, dedupeKey, at: now, data: base })
        else await tx.ticketEvent.create({ data: { ticketId, type: 'sla.reminder', dedupeKey, createdAt: now, data: JSON.stringify({ ...base, toCadreId: null }) } })
        return 'reminded'
      }
      const rung = rungAt(await ladder(), timer.level)
      const data = { ...base, level: timer.level, toUnitId: rung?.unit.id ?? null }
      if (rung) await notifyCadre(tx, { cadreId: rung.leader.id, kind: 'sla.escalated', ticketId, dedupeKey, at: now, data })
      else await tx.ticketEvent.create({ data: { ticketId, type: 'sla.escalated', dedupeKey, createdAt: now, data: JSON.stringify({ ...data, toCadreId: null }) } })
      if (timer.level > ticket.escalationLevel) await tx.ticket.update({ where: { id: ticketId }, data: { escalationLevel: timer.level } })
      desk.logger.info({ ticket: ticket.number, clock: timer.clock, level: timer.level }, 'SLA breached: escalated')
      return 'escalated'
    })
  } catch (err) {
    if (isUniqueViolation(err)) return 'already-done'
    throw err
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002'
}
