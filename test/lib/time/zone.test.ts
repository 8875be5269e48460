import { describe, it, expect } from 'vitest'
import {
  dayNumberOfIsoDate,
  instantOfWallClock,
  isValidTimeZone,
  isoWeekdayOfDayNumber,
  localDateOf,
  utcOffsetMs,
} from '../../../src/lib/time/zone.ts'

const HOUR_MS = 3_600_000

describe('zone primitives', () => {
  it('reads offsets from Intl', () => {
    expect(utcOffsetMs('Asia/Shanghai', Date.parse('2026-11-25T00:00:00Z'))).toBe(8 * HOUR_MS)
    expect(utcOffsetMs('UTC', 0)).toBe(0)
    expect(utcOffsetMs('America/New_York', Date.parse('2026-07-01T00:00:00Z'))).toBe(-4 * HOUR_MS)
    expect(utcOffsetMs('Asia/Kolkata', 0)).toBe(5.5 * HOUR_MS)
    // Shanghai kept daylight saving in 1986–1991: +09:00 in summer 1990.
    expect(utcOffsetMs('Asia/Shanghai', Date.parse('1990-07-01T00:00:00Z'))).toBe(9 * HOUR_MS)
  })

  it('validates zone names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true)
    expect(isValidTimeZone('Asia/Beijing')).toBe(false)
  })

  it('maps wall-clock readings to instants, across daylight-saving edges', () => {
    const wall = (iso: string) => Date.parse(`${iso}Z`)
    expect(instantOfWallClock('Asia/Shanghai', wall('2027-01-01T00:00:00'))).toBe(Date.parse('2026-12-31T16:00:00Z'))
    // 01:30 happens twice in New York on 2026-11-01: the earlier one (EDT).
    expect(instantOfWallClock('America/New_York', wall('2026-11-01T01:30:00'))).toBe(Date.parse('2026-11-01T05:30:00Z'))
    // Same in Berlin on 2026-10-25 at 02:30 (east of UTC, where the naive guess picks the later one).
    expect(instantOfWallClock('Europe/Berlin', wall('2026-10-25T02:30:00'))).toBe(Date.parse('2026-10-25T00:30:00Z'))
    // 02:30 never happens in New York on 2026-03-08.
    expect(instantOfWallClock('America/New_York', wall('2026-03-08T02:30:00'))).toBe(Date.parse('2026-03-08T07:30:00Z'))
    expect(instantOfWallClock('America/New_York', wall('2026-03-08T02:30:00'), 'transition')).toBe(Date.parse('2026-03-08T07:00:00Z'))
  })

  it('does civil-date arithmetic', () => {
    expect(isoWeekdayOfDayNumber(dayNumberOfIsoDate('2026-11-23'))).toBe(1)
    expect(isoWeekdayOfDayNumber(dayNumberOfIsoDate('2026-11-29'))).toBe(7)
    expect(localDateOf('Asia/Shanghai', new Date('2026-12-31T16:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1 })
    expect(localDateOf('UTC', new Date('2026-12-31T16:00:00Z'))).toEqual({ year: 2026, month: 12, day: 31 })
  })
})
