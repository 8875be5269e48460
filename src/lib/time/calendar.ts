import { z } from 'zod'
import {
  DAY_MS,
  dayNumberOfIsoDate,
  defaultTimeZone,
  instantMsOf,
  instantOfWallClock,
  isoWeekdayOfDayNumber,
  isValidTimeZone,
  localDayNumber,
  utcOffsetMs,
} from './zone.ts'

const minutesOf = (clockTime: string): number => {
  const [hours, minutes] = clockTime.split(':').map(Number) as [number, number]
  return hours * 60 + minutes
}

/** A local clock time "HH:MM", 00:00–23:59, or "24:00" to end an interval at midnight. */
export const ClockTime = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected "HH:MM" between 00:00 and 24:00')

/**
 * One working interval of a day, [start, end) in local time, e.g. ["08:30", "12:00"].
 * It cannot cross midnight: a night shift is ["22:00", "24:00"] on one day plus
 * ["00:00", "06:00"] on the next, and the two join into one stretch of working time.
 */
export const WorkInterval = z
  .tuple([ClockTime, ClockTime])
  .refine(([start, end]) => minutesOf(start) < minutesOf(end), 'an interval must start before it ends')
export type WorkInterval = z.infer<typeof WorkInterval>

/** A day's working intervals, in order and not overlapping (touching is fine). */
export const DayHours = z
  .array(WorkInterval)
  .refine(
    (intervals) => intervals.every((interval, i) => i === 0 || minutesOf(intervals[i - 1]![1]) <= minutesOf(interval[0])),
    'intervals must be in order and must not overlap',
  )
export type DayHours = z.infer<typeof DayHours>

/** Working hours per weekday; a weekday left out is a day off. */
export const WeeklyHours = z.object({
  mon: DayHours.default([]),
  tue: DayHours.default([]),
  wed: DayHours.default([]),
  thu: DayHours.default([]),
  fri: DayHours.default([]),
  sat: DayHours.default([]),
  sun: DayHours.default([]),
})
export type WeeklyHours = z.infer<typeof WeeklyHours>

/** Weekday keys in ISO order, index 0 = Monday. */
export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

/**
 * When a union office (or one cadre) works: the SLA clock in 'business' mode counts only
 * this time, and routing skips cadres outside it.
 *
 * Holidays and make-up workdays (调休) change every year by State Council notice, so this
 * schema only carries them: the national days come from the chinese-days package
 * (china-holidays.ts), local ones from WORK_CALENDAR_FILE. Treat a parsed calendar as immutable: the time
 * functions cache a compiled form per calendar object.
 */
export const WorkCalendar = z
  .object({
    /** IANA zone in which the hours and dates below are read. */
    timezone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').default(defaultTimeZone),
    weeklyHours: WeeklyHours,
    /** Hours on a make-up workday; when absent, Monday's hours. */
    makeupDayHours: DayHours.optional(),
    /** Local dates that are off whatever the weekday (public holidays, 放假). */
    holidays: z.array(z.iso.date()).default([]),
    /** Local dates that are worked even though their weekday is off (调休 make-up days). */
    workdays: z.array(z.iso.date()).default([]),
  })
  .superRefine((calendar, ctx) => {
    const holidays = new Set(calendar.holidays)
    for (const date of calendar.workdays) {
      if (holidays.has(date)) ctx.addIssue({ code: 'custom', message: `${date} is both a holiday and a workday`, path: ['workdays'] })
    }
    // Without weekly hours, time after the last listed workday would never end: every
    // deadline search would run forever.
    if (weekdayKeys.every((key) => calendar.weeklyHours[key].length === 0)) {
      ctx.addIssue({ code: 'custom', message: 'at least one weekday needs working hours', path: ['weeklyHours'] })
    }
  })
/** A validated work calendar (the parsed output of the `WorkCalendar` schema). */
export type WorkCalendar = z.output<typeof WorkCalendar>
/** What a config file may say before defaults are filled in. */
export type WorkCalendarInput = z.input<typeof WorkCalendar>

const officeDay: WorkInterval[] = [
  ['08:30', '12:00'],
  ['13:30', '17:30'],
]

/**
 * A union office's usual week in Asia/Shanghai: Monday–Friday 08:30–12:00 and 13:30–17:30
 * (7.5 working hours a day), no holidays listed: the plain week that chinaWorkCalendar
 * adds the national holidays and 调休 days to.
 */
export const defaultWorkCalendar: WorkCalendar = WorkCalendar.parse({
  timezone: defaultTimeZone,
  weeklyHours: { mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay },
})

/** A span of working time between two instants (epoch ms), [start, end). */
export type WorkingSpan = readonly [start: number, end: number]

/** Wall-clock offsets from local midnight, in ms, of one day's intervals. */
type WallIntervals = ReadonlyArray<readonly [number, number]>

/**
 * A calendar in the shape the arithmetic wants. Internal to `src/desk/time`.
 * @internal
 */
export interface CompiledCalendar {
  readonly timeZone: string
  /** Index 0 = Monday. */
  readonly weekly: readonly WallIntervals[]
  readonly makeup: WallIntervals
  readonly holidays: ReadonlySet<number>
  readonly workdays: ReadonlySet<number>
  /** Day numbers of every holiday and make-up day, ascending. */
  readonly exceptionDays: readonly number[]
  /** Working ms in any seven consecutive ordinary days (the same whichever day starts them). */
  readonly weekMs: number
}

const compiled = new WeakMap<WorkCalendar, CompiledCalendar>()

const toWallIntervals = (hours: DayHours): WallIntervals =>
  hours.map(([start, end]) => [minutesOf(start) * 60_000, minutesOf(end) * 60_000] as const)

/**
 * Validates a calendar once and caches its compiled form.
 * @internal
 */
export function compileCalendar(calendar: WorkCalendar): CompiledCalendar {
  const cached = compiled.get(calendar)
  if (cached) return cached
  // Parse again: a hand-built object typed as WorkCalendar could still have no hours at all,
  // which would make deadline searches loop forever.
  const valid = WorkCalendar.parse(calendar)
  const weekly = weekdayKeys.map((key) => toWallIntervals(valid.weeklyHours[key]))
  const holidays = new Set(valid.holidays.map(dayNumberOfIsoDate))
  const workdays = new Set(valid.workdays.map(dayNumberOfIsoDate))
  const result: CompiledCalendar = {
    timeZone: valid.timezone,
    weekly,
    makeup: toWallIntervals(valid.makeupDayHours ?? valid.weeklyHours.mon),
    holidays,
    workdays,
    exceptionDays: [...holidays, ...workdays].sort((a, b) => a - b),
    weekMs: weekly.flat().reduce((sum, [start, end]) => sum + end - start, 0),
  }
  compiled.set(calendar, result)
  return result
}

function wallIntervalsOfDay(calendar: CompiledCalendar, dayNumber: number): WallIntervals {
  if (calendar.holidays.has(dayNumber)) return []
  if (calendar.workdays.has(dayNumber)) return calendar.makeup
  return calendar.weekly[isoWeekdayOfDayNumber(dayNumber) - 1]!
}

/**
 * The working spans of one local day as instants, in order and never overlapping (the
 * boundary mapping is monotonic). A span across a daylight-saving change is as long as the
 * real time it covers: an hour shorter in spring, an hour longer in autumn; one wholly
 * inside a spring-forward gap vanishes.
 * @internal
 */
export function workingSpansOfDay(calendar: CompiledCalendar, dayNumber: number): WorkingSpan[] {
  const intervals = wallIntervalsOfDay(calendar, dayNumber)
  if (intervals.length === 0) return []
  const midnight = dayNumber * DAY_MS
  const { timeZone } = calendar
  const offset = utcOffsetMs(timeZone, midnight - DAY_MS)
  // Fast path: one offset for the whole day, so every boundary is a subtraction.
  const steady = offset === utcOffsetMs(timeZone, midnight + 2 * DAY_MS)
  const toInstant = (wallOffset: number) =>
    steady ? midnight + wallOffset - offset : instantOfWallClock(timeZone, midnight + wallOffset, 'transition')
  const spans: WorkingSpan[] = []
  for (const [start, end] of intervals) {
    const span = [toInstant(start), toInstant(end)] as const
    if (span[0] < span[1]) spans.push(span)
  }
  return spans
}

/**
 * True when no holiday or make-up day falls in days [from, from + count) and the zone keeps
 * one offset across them, so those days hold exactly `count / 7` ordinary weeks of work.
 * @internal
 */
export function isOrdinaryStretch(calendar: CompiledCalendar, from: number, count: number): boolean {
  const days = calendar.exceptionDays
  let low = 0
  let high = days.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (days[mid]! < from) low = mid + 1
    else high = mid
  }
  if (low < days.length && days[low]! < from + count) return false
  const { timeZone } = calendar
  return utcOffsetMs(timeZone, (from - 1) * DAY_MS) === utcOffsetMs(timeZone, (from + count + 1) * DAY_MS)
}

/**
 * How many local days a forward search may walk before giving up. A valid calendar has
 * weekly hours, so only an absurd holiday list (decades of consecutive days off) hits this.
 */
export const maxSearchDays = 36_600

/** True when `instant` falls inside the calendar's working hours. */
export function isWorkingTime(calendar: WorkCalendar, instant: Date): boolean {
  const compiledCalendar = compileCalendar(calendar)
  const at = instantMsOf(instant)
  const day = localDayNumber(compiledCalendar.timeZone, at)
  return workingSpansOfDay(compiledCalendar, day).some(([start, end]) => start <= at && at < end)
}

/**
 * The earliest working instant at or after `instant`: `instant` itself during working hours,
 * otherwise the start of the next working interval (after lunch, the next morning, the
 * first workday after a weekend or holiday).
 */
export function nextWorkingInstant(calendar: WorkCalendar, instant: Date): Date {
  const compiledCalendar = compileCalendar(calendar)
  const at = instantMsOf(instant)
  const firstDay = localDayNumber(compiledCalendar.timeZone, at)
  for (let day = firstDay; day < firstDay + maxSearchDays; day++) {
    for (const [start, end] of workingSpansOfDay(compiledCalendar, day)) {
      if (end > at) return new Date(Math.max(start, at))
    }
  }
  throw new RangeError(`no working time within ${maxSearchDays} days of ${instant.toISOString()}`)
}
