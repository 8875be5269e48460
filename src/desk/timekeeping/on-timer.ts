import type { Tx } from '../../db/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Ticket, SlaPause } from '../../generated/prisma/client.ts'
import { jobIds, type SlaJob } from '../../queue/jobs.ts'
import { flushOutbox, stageJobs, type StagedJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { clockOfStage, nextTimerOf, planSlaTimers, slaSettingsOf, stageName, timerFor, type SlaTimer } from './plan.ts'
import { fallbackPolicy } from './policy.ts'
import { SlaStepRecords } from './step.ts'

export type TimerOutcome = 'reminded' | 'escalated' | 'not-due' | 'early' | 'already-done'
/**
 * How a fired job ended. `outcome` is its own step's; `acted` every step this run did (a
 * late job catches up on all of its clock's steps that fell due). `retryAt`: the job's own
 * step is its clock's next and not due yet (the deadline moved later after the job was put
 * in Redis): the job waits in place until then, as only it can (its id is taken by itself).
 */
export type TimerRun = { outcome: TimerOutcome; acted: string[]; retryAt: Date | null }

type Ctx = Pick<Desk, 'db' | 'jobs' | 'logger' | 'now' | 'config' | 'calendar'>
/** A second of slack: Redis and the database clocks may disagree a little. */
const SLACK_MS = 1000

/**
 * SLA jobs that fired, several at once: one transaction reads their tickets, pauses, policies
 * and recorded steps in a query each, does every due step of each job's clock in order, and
 * stages each clock's next step; after commit one flush puts those on the queue. A burst of
 * timers due in the same second costs a few transactions instead of one each.
 *
 * Each job re-reads state through the plan before acting: the cadre may have answered, the
 * ticket may be paused or closed, the deadline may have moved. On PostgreSQL two runs may
 * overlap; the unique key of a step's record makes one of them fail, and its jobs are then
 * run again one by one, seeing what the other run recorded. A job whose run fails alone
 * gets the error (BullMQ retries it); the others are not held back by it.
 */
export async function fireSlaTimers(desk: Ctx, timers: SlaJob[]): Promise<PromiseSettledResult<TimerRun>[]> {
  if (timers.length === 0) return []
  try {
    return (await fireTogether(desk, timers)).map((value) => ({ status: 'fulfilled', value }))
  } catch (err) {
    if (timers.length === 1 && !isUniqueViolation(err)) return [{ status: 'rejected', reason: err }]
  }
  const settled: PromiseSettledResult<TimerRun>[] = []
  for (const timer of timers) {
    const once = () => fireTogether(desk, [timer]).then(([run]) => run!)
    settled.push(await once().catch((err: unknown) => (isUniqueViolation(err) ? once() : Promise.reject(err))).then(
      (value) => ({ status: 'fulfilled' as const, value }),
      (reason: unknown) => ({ status: 'rejected' as const, reason }),
    ))
  }
  return settled
}

/** One timer on its own (a test, or a caller outside the worker); the worker batches through fireSlaTimers. */
export async function onSlaTimer(desk: Ctx, ticketId: string, stage: string): Promise<TimerOutcome> {
  const [result] = await fireSlaTimers(desk, [{ ticketId, stage }])
  if (result!.status === 'rejected') throw result!.reason
  return result!.value.outcome
}

async function fireTogether(desk: Ctx, timers: SlaJob[]): Promise<TimerRun[]> {
  const { runs, staged } = await inTransaction(desk.db, (tx) => runClocks(tx, desk, timers))
  await flushOutbox(desk, staged)
  return runs
}

async function runClocks(tx: Tx, desk: Ctx, timers: SlaJob[]) {
  const now = desk.now()
  const ids = [...new Set(timers.map((t) => t.ticketId))]
  const settings = slaSettingsOf(desk.config)
  const tickets = new Map((await tx.ticket.findMany({ where: { id: { in: ids } }, include: { pauses: true } })).map((t) => [t.id, t]))
  const policies = new Map((await tx.slaPolicy.findMany()).map((p) => [`${p.category}/${p.urgent}`, p]))
  // A step is done when its record is on the timeline or in an inbox (notifyCadre writes both, but the key is unique in each).
  const recorded = await Promise.all([
    tx.ticketEvent.findMany({ where: { ticketId: { in: ids }, dedupeKey: { startsWith: 'sla-' } }, select: { dedupeKey: true } }),
    tx.cadreNotice.findMany({ where: { dedupeKey: { in: stepKeys(timers, settings) } }, select: { dedupeKey: true } }),
  ])
  const done = new Set(recorded.flat().map((e) => e.dedupeKey))
  const records = new SlaStepRecords(tx)
  const plans = new Map<string, SlaTimer[]>()
  const planOf = (ticket: Ticket & { pauses: SlaPause[] }) => {
    const policy = policies.get(`${ticket.category}/${ticket.urgent}`) ?? fallbackPolicy(ticket.urgent)
    if (!plans.has(ticket.id)) plans.set(ticket.id, planSlaTimers(ticket, policy, ticket.pauses, desk.calendar, settings))
    return plans.get(ticket.id)!
  }
  // The jobs running now: a successor under one of their ids would be dropped by BullMQ.
  const firing = new Set(timers.map((t) => jobIds.sla(t.ticketId, t.stage)))
  const next = new Map<string, StagedJob<'sla'>>()
  const runs: TimerRun[] = []
  for (const { ticketId, stage } of timers) {
    const ticket = tickets.get(ticketId)
    const clock = clockOfStage(stage)
    if (!ticket || !clock) {
      runs.push({ outcome: 'not-due', acted: [], retryAt: null })
      continue
    }
    const plan = planOf(ticket)
    const isDone = (s: string) => done.has(jobIds.sla(ticketId, s))
    const own = timerFor(stage, plan)
    // The job fired because Redis found its instant come; the database clock may lag behind
    // by the slack. Steps are due up to that instant, not up to now plus the slack: the
    // slack must not pull the next step forward.
    const horizon = own?.runAt && own.runAt.getTime() <= now.getTime() + SLACK_MS ? Math.max(now.getTime(), own.runAt.getTime()) : now.getTime()
    const acted: string[] = []
    let outcome: TimerOutcome | null = null
    for (let step = nextTimerOf(plan, clock, isDone); step?.runAt && step.runAt.getTime() <= horizon; step = nextTimerOf(plan, clock, isDone)) {
      const result = await records.add(ticket, plan, step, now)
      done.add(jobIds.sla(ticketId, step.stage))
      acted.push(step.stage)
      if (step.stage === stage) outcome = result
    }
    outcome ??= !own?.runAt ? 'not-due' : isDone(stage) ? 'already-done' : 'early'
    const following = nextTimerOf(plan, clock, isDone)
    let retryAt: Date | null = null
    if (following?.runAt) {
      const jobId = jobIds.sla(ticketId, following.stage)
      if (following.stage === stage) retryAt = following.runAt
      else if (!firing.has(jobId)) next.set(jobId, { queue: 'sla', name: following.stage, jobId, payload: { ticketId, stage: following.stage }, runAt: following.runAt })
    }
    runs.push({ outcome, acted, retryAt })
  }
  const escalated = await records.write()
  for (const [id, level] of escalated) desk.logger.info({ ticket: tickets.get(id)?.number, level }, 'SLA breached: escalated')
  return { runs, staged: await stageJobs(tx, [...next.values()]) }
}

/** The record keys of every step of the fired jobs' clocks (the inbox has no index by ticket). */
function stepKeys(timers: SlaJob[], settings: ReturnType<typeof slaSettingsOf>): string[] {
  const fractions = [...settings.reminderFractions, ...settings.escalationFractions]
  return [...new Set(timers.flatMap(({ ticketId, stage }) => {
    const clock = clockOfStage(stage)
    return clock ? [stage, ...fractions.map((f) => stageName(clock, f))].map((s) => jobIds.sla(ticketId, s)) : []
  }))]
}
