/**
 * Time-zone primitives. Every other time module gets its zone knowledge from here, and
 * this module gets it only from `Intl.DateTimeFormat`: no UTC offset is written into the code, so a
 * desk configured for another IANA zone (or a zone that changes its rules) just works.
 *
 * Vocabulary used across `src/desk/time`:
 * - an *instant* is epoch milliseconds (or a `Date`): one point on the real time line;
 * - a *wall-clock* value is epoch-style milliseconds of the local reading, as if the
 *   local date and time were UTC (so `Date.UTC(y, m - 1, d, h, min)` is a wall value);
 * - a *day number* counts local calendar days since 1970-01-01 (`floor(wall / DAY_MS)`).
 */

/** Milliseconds in a civil day on the wall clock (ECMAScript time has no leap seconds). */
export const DAY_MS = 86_400_000

/** The desk's home zone, used whenever a calendar or call does not name another. */
export const defaultTimeZone = 'Asia/Shanghai'

// Formatters are costly to build and cheap to reuse; one per zone.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone)
  if (!formatter) {
    // 'longOffset' prints "GMT+08:00" directly: one format() call per lookup, several times
    // cheaper than rebuilding the local date from formatToParts.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    offsetFormatters.set(timeZone, formatter)
  }
  return formatter
}

// "GMT", "GMT+08:00", "GMT-04:56:02" (historic local mean time carries seconds).
const offsetPattern = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/

/** True when `timeZone` is an IANA zone name this runtime's Intl knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    offsetFormatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** The zone's offset from UTC at `instantMs`, in milliseconds (Shanghai: +28 800 000). */
export function utcOffsetMs(timeZone: string, instantMs: number): number {
  // Offsets change only at transitions, and every zone's fall on a quarter hour of UTC since
  // offsets became whole quarter hours: one reading per zone and quarter hour serves all the
  // instants in it (SLA planning asks thousands of times a second).
  const key = `${timeZone}|${Math.floor(instantMs / QUARTER_HOUR)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear()
    offsets.set(key, (offset = readOffsetMs(timeZone, instantMs)))
  }
  return offset
}

const QUARTER_HOUR = 15 * 60_000
const offsets = new Map<string, number>()

function readOffsetMs(timeZone: string, instantMs: number): number {
  const text = offsetFormatter(timeZone).format(instantMs)
  const match = offsetPattern.exec(text)
  if (!match) throw new Error(`cannot read a UTC offset from "${text}" (${timeZone})`)
  if (!match[1]) return 0
  const sign = match[1] === '-' ? -1 : 1
  const seconds = Number(match[2]) * 3600 + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0)
  return sign * seconds * 1000
}

/** The wall-clock reading (see module doc) of `instantMs` in `timeZone`. */
export function wallClockMs(timeZone: string, instantMs: number): number {
  return instantMs + utcOffsetMs(timeZone, instantMs)
}

/** The local day number of `instantMs` in `timeZone`. */
export function localDayNumber(timeZone: string, instantMs: number): number {
  return Math.floor(wallClockMs(timeZone, instantMs) / DAY_MS)
}

/**
 * What to do with a wall-clock reading that never happens because the clocks jump forward:
 * 'later' pushes it forward by the size of the jump (02:30 becomes 03:30, like Temporal's
 * 'compatible'), 'transition' gives the instant of the jump itself. 'transition' keeps the
 * mapping monotonic, which interval boundaries need: with 'later', an interval ending at
 * 02:30 would overlap one starting at 03:00.
 */
export type GapResolution = 'later' | 'transition'

/**
 * The instant at which the wall clock in `timeZone` reads `wallMs`. A reading that happens
 * twice (clocks go back) gives the earlier instant; one that never happens follows `gap`.
 *
 * Assumes a zone never changes its offset twice within about two days, which holds for
 * every rule in the tz database that matters to a service desk.
 */
export function instantOfWallClock(timeZone: string, wallMs: number, gap: GapResolution = 'later'): number {
  const before = utcOffsetMs(timeZone, wallMs - DAY_MS)
  const after = utcOffsetMs(timeZone, wallMs + DAY_MS)
  if (before === after) return wallMs - before
  const early = wallMs - before
  const late = wallMs - after
  const earlyValid = utcOffsetMs(timeZone, early) === before
  const lateValid = utcOffsetMs(timeZone, late) === after
  if (earlyValid && lateValid) return Math.min(early, late)
  if (earlyValid) return early
  if (lateValid) return late
  // In a gap: `late` is still on the old offset, `early` already on the new one.
  if (gap === 'later') return early
  return transitionBetween(timeZone, late, early)
}

/** The first instant in (low, high] whose offset differs from `low`'s; rare, so a plain bisection. */
function transitionBetween(timeZone: string, low: number, high: number): number {
  const offsetBefore = utcOffsetMs(timeZone, low)
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2)
    if (utcOffsetMs(timeZone, mid) === offsetBefore) low = mid
    else high = mid
  }
  return high
}

/** A local calendar date; `month` is 1–12. */
export interface LocalDate {
  year: number
  month: number
  day: number
}

/** Day number of a calendar date (proleptic Gregorian, no zone involved). */
export function dayNumberOfDate({ year, month, day }: LocalDate): number {
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  return Math.floor(date.getTime() / DAY_MS)
}

/** Calendar date of a day number. */
export function dateOfDayNumber(dayNumber: number): LocalDate {
  const date = new Date(dayNumber * DAY_MS)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}

/** Day number of an ISO date "YYYY-MM-DD" (the string must already be valid). */
export function dayNumberOfIsoDate(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  return dayNumberOfDate({ year, month, day })
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  // Day 0, 1970-01-01, was a Thursday (ISO 4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1
}

/** The local date of `instant` in `timeZone`. */
export function localDateOf(timeZone: string, instant: Date): LocalDate {
  return dateOfDayNumber(localDayNumber(timeZone, instantMsOf(instant)))
}

/** Epoch milliseconds of a Date, refusing Invalid Date so it cannot poison arithmetic. */
export function instantMsOf(instant: Date): number {
  const ms = instant.getTime()
  if (Number.isNaN(ms)) throw new RangeError('invalid Date')
  return ms
}
