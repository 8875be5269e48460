/**
 * The paused SLA clock. A ticket's clock starts with a budget (first response or resolution,
 * from the category × urgency policy), runs in business or calendar time, and stops while
 * the desk waits for the worker to answer a question. Everything here is a pure function of
 * plain data, so the same answers come out in a request handler, a BullMQ job or a test.
 *
 * Import as a namespace, which reads well and keeps the short names from clashing:
 * `import * as slaClock from './time/sla-clock.ts'`, then `slaClock.deadline(clock)`.
 */
import { addClockSeconds, clockSecondsBetween, type ClockMode } from './business-time.ts'
import type { WorkCalendar } from './calendar.ts'
import { instantMsOf } from './zone.ts'

/** One wait for the worker: the clock stopped at `pausedAt` and restarted at `resumedAt` (null: still waiting). */
export interface PauseInterval {
  readonly pausedAt: Date
  readonly resumedAt: Date | null
}

/** Everything that decides where a ticket's SLA clock stands. */
export interface SlaClock {
  readonly mode: ClockMode
  readonly calendar: WorkCalendar
  /** The policy's budget, counted in `mode` time; must be > 0. */
  readonly budgetSeconds: number
  readonly startedAt: Date
  /**
   * Waits for the worker, in any order. Overlaps merge, time before `startedAt` is ignored,
   * and an open pause (resumedAt null) stops the clock from its start on.
   */
  readonly pauses: readonly PauseInterval[]
}

/** A stretch in which the clock runs, epoch ms; `end` is Infinity for "until further notice". */
type RunningSpan = readonly [start: number, end: number]

function budgetMsOf(clock: SlaClock): number {
  const { budgetSeconds } = clock
  if (!Number.isFinite(budgetSeconds) || budgetSeconds <= 0) throw new RangeError(`budgetSeconds must be finite and > 0, got ${budgetSeconds}`)
  return Math.round(budgetSeconds * 1000)
}

/** The clock's running spans: [startedAt, ∞) minus the merged pauses. */
function runningSpans(clock: SlaClock): RunningSpan[] {
  const startMs = instantMsOf(clock.startedAt)
  const pauses = clock.pauses
    .map(({ pausedAt, resumedAt }): [number, number] => {
      const from = instantMsOf(pausedAt)
      const to = resumedAt === null ? Infinity : instantMsOf(resumedAt)
      if (to < from) throw new RangeError(`pause resumed (${resumedAt?.toISOString()}) before it began (${pausedAt.toISOString()})`)
      return [Math.max(from, startMs), to]
    })
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0])
  const spans: RunningSpan[] = []
  let cursor = startMs
  for (const [from, to] of pauses) {
    if (from > cursor) spans.push([cursor, from])
    cursor = Math.max(cursor, to)
    if (cursor === Infinity) return spans
  }
  spans.push([cursor, Infinity])
  return spans
}

const msBetween = (clock: SlaClock, from: number, to: number): number =>
  Math.round(clockSecondsBetween(clock.mode, clock.calendar, new Date(from), new Date(to)) * 1000)

function elapsedMs(clock: SlaClock, atMs: number): number {
  let total = 0
  for (const [start, end] of runningSpans(clock)) {
    if (start >= atMs) break
    total += msBetween(clock, start, Math.min(end, atMs))
  }
  return total
}

/** True while a pause is open: the desk is waiting for the worker. */
export function isPaused(clock: SlaClock): boolean {
  return clock.pauses.some((pause) => pause.resumedAt === null)
}

/** Seconds of budget used by `at` (0 before the start; frozen while paused). */
export function elapsedSeconds(clock: SlaClock, at: Date): number {
  return elapsedMs(clock, instantMsOf(at)) / 1000
}

/** Share of the budget used by `at`: 0 at the start, 1 at the deadline, above 1 after it. */
export function fractionUsed(clock: SlaClock, at: Date): number {
  return elapsedMs(clock, instantMsOf(at)) / budgetMsOf(clock)
}

/**
 * The earliest instant at which `fraction` of the budget is used, given the pauses so far:
 * when to send the 50% and 90% reminders, and (at 1) the deadline. It may lie in the past.
 * Null when an open pause stops the clock before that fraction is reached: the answer
 * depends on when the worker replies.
 */
export function instantAtFraction(clock: SlaClock, fraction: number): Date | null {
  if (!Number.isFinite(fraction) || fraction < 0) throw new RangeError(`fraction must be finite and ≥ 0, got ${fraction}`)
  let remaining = Math.round(fraction * budgetMsOf(clock))
  if (remaining === 0) return new Date(instantMsOf(clock.startedAt))
  for (const [start, end] of runningSpans(clock)) {
    const available = end === Infinity ? Infinity : msBetween(clock, start, end)
    if (remaining <= available) return addClockSeconds(clock.mode, clock.calendar, new Date(start), remaining / 1000)
    remaining -= available
  }
  return null
}

/**
 * When the budget runs out. Null while the clock is paused with budget left; if the budget
 * ran out before the pause began, that (past) instant: the breach already happened.
 */
export function deadline(clock: SlaClock): Date | null {
  return instantAtFraction(clock, 1)
}
