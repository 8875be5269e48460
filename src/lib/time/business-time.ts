import { z } from 'zod'
import {
  compileCalendar,
  isOrdinaryStretch,
  maxSearchDays,
  workingSpansOfDay,
  type CompiledCalendar,
  type WorkCalendar,
} from './calendar.ts'
import { instantMsOf, localDayNumber } from './zone.ts'

/**
 * How an SLA clock counts: 'business' counts only the calendar's working time,
 * 'calendar' counts every second (the 2-hour rule for accidents does not wait for Monday).
 */
export const ClockMode = z.enum(['business', 'calendar'])
export type ClockMode = z.infer<typeof ClockMode>

// Whole weeks are skipped in one step when the remaining work is longer than a week and the
// week has no holiday, make-up day or offset change; everything else walks day by day and
// interval by interval. Nothing ever steps by minutes.
const WEEK_DAYS = 7

function secondsToMs(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`seconds must be a finite number ≥ 0, got ${seconds}`)
  // Whole milliseconds keep the arithmetic exact, so add-then-measure round-trips.
  return Math.round(seconds * 1000)
}

function addWorkingMs(calendar: CompiledCalendar, startMs: number, amountMs: number): number {
  if (amountMs === 0) return startMs
  let remaining = amountMs
  const firstDay = localDayNumber(calendar.timeZone, startMs)
  let day = firstDay
  while (day < firstDay + maxSearchDays) {
    // Only days after the first are whole, so only they can be skipped a week at a time.
    if (day > firstDay && remaining > calendar.weekMs && isOrdinaryStretch(calendar, day, WEEK_DAYS)) {
      remaining -= calendar.weekMs
      day += WEEK_DAYS
      continue
    }
    for (const [spanStart, spanEnd] of workingSpansOfDay(calendar, day)) {
      const from = Math.max(spanStart, startMs)
      if (spanEnd <= from) continue
      // `<=`: work that runs out exactly at 12:00 is due at 12:00, not at 13:30.
      if (remaining <= spanEnd - from) return from + remaining
      remaining -= spanEnd - from
    }
    day++
  }
  throw new RangeError(`deadline lies more than ${maxSearchDays} days out`)
}

function workingMsBetween(calendar: CompiledCalendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0
  const firstDay = localDayNumber(calendar.timeZone, fromMs)
  const lastDay = localDayNumber(calendar.timeZone, toMs)
  let total = 0
  let day = firstDay
  while (day <= lastDay) {
    // A week ending before lastDay lies wholly before toMs.
    if (day > firstDay && day + WEEK_DAYS <= lastDay && isOrdinaryStretch(calendar, day, WEEK_DAYS)) {
      total += calendar.weekMs
      day += WEEK_DAYS
      continue
    }
    for (const [spanStart, spanEnd] of workingSpansOfDay(calendar, day)) {
      const from = Math.max(spanStart, fromMs)
      const to = Math.min(spanEnd, toMs)
      if (to > from) total += to - from
    }
    day++
  }
  return total
}

/**
 * The instant at which `seconds` of working time, counted from `start`, are used up: the
 * deadline of a business-hours SLA. It is the earliest such instant, so a budget that runs
 * out at the end of an interval is due at that end (12:00, not 13:30 after lunch). A start
 * outside working hours begins counting at the next working instant; `seconds = 0`
 * returns `start`. Milliseconds are the resolution.
 */
export function addWorkingSeconds(calendar: WorkCalendar, start: Date, seconds: number): Date {
  return new Date(addWorkingMs(compileCalendar(calendar), instantMsOf(start), secondsToMs(seconds)))
}

/**
 * Working seconds between `a` and `b` (negative when `b` is before `a`). For any start and
 * any whole-millisecond `seconds ≥ 0`,
 * `workingSecondsBetween(cal, start, addWorkingSeconds(cal, start, seconds)) === seconds`.
 */
export function workingSecondsBetween(calendar: WorkCalendar, a: Date, b: Date): number {
  const compiledCalendar = compileCalendar(calendar)
  const aMs = instantMsOf(a)
  const bMs = instantMsOf(b)
  const ms = bMs >= aMs ? workingMsBetween(compiledCalendar, aMs, bMs) : -workingMsBetween(compiledCalendar, bMs, aMs)
  return ms / 1000
}

/**
 * `addWorkingSeconds` in 'business' mode, plain elapsed time in 'calendar' mode: the one
 * call SLA code makes to turn a budget into a deadline.
 */
export function addClockSeconds(mode: ClockMode, calendar: WorkCalendar, start: Date, seconds: number): Date {
  if (mode === 'business') return addWorkingSeconds(calendar, start, seconds)
  return new Date(instantMsOf(start) + secondsToMs(seconds))
}

/** `workingSecondsBetween` in 'business' mode, plain elapsed seconds in 'calendar' mode. */
export function clockSecondsBetween(mode: ClockMode, calendar: WorkCalendar, a: Date, b: Date): number {
  if (mode === 'business') return workingSecondsBetween(calendar, a, b)
  return (instantMsOf(b) - instantMsOf(a)) / 1000
}
