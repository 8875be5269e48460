/**
 * Calendar periods in the desk's zone: the quarter of the 按季回访 callbacks and archive
 * reviews, the half year of the home visits, the month of the reports, and whole-day
 * offsets such as "a satisfaction callback three days after closing". Period boundaries are
 * local midnight: 2026-12-31T16:00:00Z is already 2027Q1 in Shanghai.
 */
import {
  DAY_MS,
  dayNumberOfDate,
  defaultTimeZone,
  instantMsOf,
  instantOfWallClock,
  localDateOf,
  wallClockMs,
} from './zone.ts'

/** Instant of local midnight starting the given date (month may run past 12: it rolls into later years). */
function localMidnight(timeZone: string, year: number, month: number): Date {
  const day = dayNumberOfDate({ year: year + Math.floor((month - 1) / 12), month: ((month - 1) % 12) + 1, day: 1 })
  return new Date(instantOfWallClock(timeZone, day * DAY_MS))
}

/** First month (1, 4, 7, 10) of the quarter holding `month`. */
const quarterFirstMonth = (month: number) => Math.floor((month - 1) / 3) * 3 + 1

/** 00:00 local time on the first day of the quarter (Jan 1, Apr 1, Jul 1, Oct 1) holding `instant`. */
export function quarterStart(instant: Date, timeZone: string = defaultTimeZone): Date {
  const { year, month } = localDateOf(timeZone, instant)
  return localMidnight(timeZone, year, quarterFirstMonth(month))
}

/** The first quarter start strictly after `instant` (a quarter start itself gives the next one). */
export function nextQuarterStart(instant: Date, timeZone: string = defaultTimeZone): Date {
  const { year, month } = localDateOf(timeZone, instant)
  return localMidnight(timeZone, year, quarterFirstMonth(month) + 3)
}

/** The local quarter of `instant`, e.g. "2026Q4": for idempotency keys of quarterly jobs. */
export function quarterKey(instant: Date, timeZone: string = defaultTimeZone): string {
  const { year, month } = localDateOf(timeZone, instant)
  return `${year}Q${Math.floor((month - 1) / 3) + 1}`
}

/** 00:00 local time on Jan 1 or Jul 1, whichever starts the half year holding `instant`. */
export function halfYearStart(instant: Date, timeZone: string = defaultTimeZone): Date {
  const { year, month } = localDateOf(timeZone, instant)
  return localMidnight(timeZone, year, month <= 6 ? 1 : 7)
}

/** The first half-year start strictly after `instant`. */
export function nextHalfYearStart(instant: Date, timeZone: string = defaultTimeZone): Date {
  const { year, month } = localDateOf(timeZone, instant)
  return localMidnight(timeZone, year, month <= 6 ? 7 : 13)
}

/** The local half year of `instant`, "2026H1" or "2026H2": for the half-yearly home visit. */
export function halfYearKey(instant: Date, timeZone: string = defaultTimeZone): string {
  const { year, month } = localDateOf(timeZone, instant)
  return `${year}H${month <= 6 ? 1 : 2}`
}

/** The local month of `instant`, e.g. "2026-11". */
export function monthKey(instant: Date, timeZone: string = defaultTimeZone): string {
  const { year, month } = localDateOf(timeZone, instant)
  return `${year}-${String(month).padStart(2, '0')}`
}

/**
 * `instant` moved by whole local days, keeping the local time of day: 3 days after
 * Friday 15:00 is Monday 15:00 whatever happens to the zone's offset in between.
 * A time that does not exist on the target day (a daylight-saving gap) moves forward.
 */
export function addCalendarDays(instant: Date, days: number, timeZone: string = defaultTimeZone): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`)
  const wall = wallClockMs(timeZone, instantMsOf(instant))
  return new Date(instantOfWallClock(timeZone, wall + days * DAY_MS))
}

/**
 * BullMQ repeat options that fire at 00:00 on Jan 1, Apr 1, Jul 1 and Oct 1 in Shanghai:
 * `queue.upsertJobScheduler('quarterly-callbacks', quarterStartRepeat, template)`.
 * Pair with `quarterKey(new Date())` in the job to make each quarter's run idempotent.
 */
export const quarterStartRepeat = { pattern: '0 0 1 1,4,7,10 *', tz: defaultTimeZone } as const

/** BullMQ repeat options that fire at 00:00 on Jan 1 and Jul 1 in Shanghai (half-yearly home visits). */
export const halfYearStartRepeat = { pattern: '0 0 1 1,7 *', tz: defaultTimeZone } as const
