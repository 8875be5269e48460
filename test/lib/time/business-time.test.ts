import { describe, it, expect } from 'vitest'
import {
  ClockMode,
  addClockSeconds,
  addWorkingSeconds,
  clockSecondsBetween,
  workingSecondsBetween,
} from '../../../src/lib/time/business-time.ts'
import { WorkCalendar, defaultWorkCalendar } from '../../../src/lib/time/calendar.ts'
import { at, nationalDayCalendar } from './fixtures.ts'

const cal = defaultWorkCalendar
const HOUR = 3600
const WORKDAY = 7.5 * HOUR

describe('addWorkingSeconds', () => {
  it('adds inside one interval', () => {
    expect(addWorkingSeconds(cal, at('2026-11-23 09:00'), HOUR)).toEqual(at('2026-11-23 10:00'))
    expect(addWorkingSeconds(cal, at('2026-11-23 09:00'), 1.5)).toEqual(at('2026-11-23 09:00:01.500'))
  })

  it('skips the lunch break', () => {
    expect(addWorkingSeconds(cal, at('2026-11-23 11:00'), 2 * HOUR)).toEqual(at('2026-11-23 14:30'))
  })

  it('carries over the night', () => {
    expect(addWorkingSeconds(cal, at('2026-11-23 17:00'), HOUR)).toEqual(at('2026-11-24 09:00'))
  })

  it('carries over the weekend', () => {
    expect(addWorkingSeconds(cal, at('2026-11-27 17:00'), HOUR)).toEqual(at('2026-11-30 09:00'))
  })

  it('skips a holiday week', () => {
    expect(addWorkingSeconds(nationalDayCalendar, at('2026-09-30 17:00'), HOUR)).toEqual(at('2026-10-08 09:00'))
    expect(addWorkingSeconds(cal, at('2026-09-30 17:00'), HOUR)).toEqual(at('2026-10-01 09:00'))
  })

  it('works on a make-up Saturday', () => {
    expect(addWorkingSeconds(nationalDayCalendar, at('2026-10-09 17:00'), HOUR)).toEqual(at('2026-10-10 09:00'))
    expect(addWorkingSeconds(cal, at('2026-10-09 17:00'), HOUR)).toEqual(at('2026-10-12 09:00'))
  })

  it('starts counting at the next working instant when started outside hours', () => {
    expect(addWorkingSeconds(cal, at('2026-11-29 10:00'), 30 * 60)).toEqual(at('2026-11-30 09:00')) // Sunday
    expect(addWorkingSeconds(cal, at('2026-11-23 07:00'), 30 * 60)).toEqual(at('2026-11-23 09:00'))
    expect(addWorkingSeconds(cal, at('2026-11-23 12:15'), 30 * 60)).toEqual(at('2026-11-23 14:00'))
  })

  it('is due at the end of an interval, not at the start of the next one', () => {
    expect(addWorkingSeconds(cal, at('2026-11-23 08:30'), 3.5 * HOUR)).toEqual(at('2026-11-23 12:00'))
    expect(addWorkingSeconds(cal, at('2026-11-23 08:30'), WORKDAY)).toEqual(at('2026-11-23 17:30'))
    expect(addWorkingSeconds(cal, at('2026-11-23 12:00'), 1)).toEqual(at('2026-11-23 13:30:01'))
    expect(addWorkingSeconds(cal, at('2026-11-23 17:30'), 1)).toEqual(at('2026-11-24 08:30:01'))
  })

  it('returns the start for zero seconds, even outside hours', () => {
    expect(addWorkingSeconds(cal, at('2026-11-28 03:00'), 0)).toEqual(at('2026-11-28 03:00'))
  })

  it('counts 30 working days exactly, across weeks and a holiday', () => {
    // Six full weeks from Monday 2026-11-23: the 30th working day is Friday 2027-01-01.
    expect(addWorkingSeconds(cal, at('2026-11-23 08:30'), 30 * WORKDAY)).toEqual(at('2027-01-01 17:30'))
    const withNewYear = WorkCalendar.parse({ ...cal, holidays: ['2027-01-01'] })
    expect(addWorkingSeconds(withNewYear, at('2026-11-23 08:30'), 30 * WORKDAY)).toEqual(at('2027-01-04 17:30'))
    // One second more spills into the next working morning.
    expect(addWorkingSeconds(cal, at('2026-11-23 08:30'), 30 * WORKDAY + 1)).toEqual(at('2027-01-04 08:30:01'))
  })

  it('rejects negative, infinite and NaN budgets', () => {
    expect(() => addWorkingSeconds(cal, at('2026-11-23 09:00'), -1)).toThrow(RangeError)
    expect(() => addWorkingSeconds(cal, at('2026-11-23 09:00'), Infinity)).toThrow(RangeError)
    expect(() => addWorkingSeconds(cal, at('2026-11-23 09:00'), Number.NaN)).toThrow(RangeError)
  })

  it('counts real elapsed time across a daylight-saving change', () => {
    const berlinAllWeek = WorkCalendar.parse({
      timezone: 'Europe/Berlin',
      weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    })
    // Saturday 12:00 CET + 24 h of work = Sunday 13:00 CEST (the night lost an hour).
    expect(addWorkingSeconds(berlinAllWeek, new Date('2026-03-28T11:00:00Z'), 24 * HOUR)).toEqual(new Date('2026-03-29T11:00:00Z'))
    expect(workingSecondsBetween(berlinAllWeek, new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(23 * HOUR)
  })

  it('does not count an hour twice when an interval ends inside a spring-forward gap', () => {
    // New York skips 02:00–03:00 on Sunday 2027-03-14; 00:00–02:30 and 03:00–12:00 cover the whole real morning.
    const sundayMornings = WorkCalendar.parse({ timezone: 'America/New_York', weeklyHours: { sun: [['00:00', '02:30'], ['03:00', '12:00']] } })
    const midnight = new Date('2027-03-14T05:00:00Z') // 00:00 EST
    const noon = new Date('2027-03-14T16:00:00Z') // 12:00 EDT
    expect(workingSecondsBetween(sundayMornings, midnight, noon)).toBe(11 * HOUR)
    expect(addWorkingSeconds(sundayMornings, midnight, 11 * HOUR)).toEqual(noon)
    expect(addWorkingSeconds(sundayMornings, midnight, 2 * HOUR)).toEqual(new Date('2027-03-14T07:00:00Z')) // 03:00 EDT
  })
})

describe('workingSecondsBetween', () => {
  it('measures a working day, lunch and nights excluded', () => {
    expect(workingSecondsBetween(cal, at('2026-11-23 08:30'), at('2026-11-24 08:30'))).toBe(WORKDAY)
    expect(workingSecondsBetween(cal, at('2026-11-23 11:00'), at('2026-11-23 14:00'))).toBe(1.5 * HOUR)
    expect(workingSecondsBetween(cal, at('2026-11-23 00:00'), at('2026-11-24 00:00'))).toBe(WORKDAY)
  })

  it('measures nothing over a weekend or a holiday week', () => {
    expect(workingSecondsBetween(cal, at('2026-11-27 17:30'), at('2026-11-30 08:30'))).toBe(0)
    expect(workingSecondsBetween(cal, at('2026-11-27 17:00'), at('2026-11-30 09:00'))).toBe(HOUR)
    expect(workingSecondsBetween(nationalDayCalendar, at('2026-09-30 17:30'), at('2026-10-08 08:30'))).toBe(0)
  })

  it('counts a make-up day and skips holidays over long spans', () => {
    // Mon 09-14 to Mon 10-19: five calendar weeks. Ordinary: 25 days. Fixture: -5 holiday weekdays, +2 make-up days.
    expect(workingSecondsBetween(cal, at('2026-09-14 00:00'), at('2026-10-19 00:00'))).toBe(25 * WORKDAY)
    expect(workingSecondsBetween(nationalDayCalendar, at('2026-09-14 00:00'), at('2026-10-19 00:00'))).toBe(22 * WORKDAY)
  })

  it('is zero for equal instants and negative when reversed', () => {
    expect(workingSecondsBetween(cal, at('2026-11-23 09:00'), at('2026-11-23 09:00'))).toBe(0)
    expect(workingSecondsBetween(cal, at('2026-11-23 10:00'), at('2026-11-23 09:00:00.500'))).toBe(-3599.5)
  })
})

describe('clock modes', () => {
  it('parses the mode from config', () => {
    expect(ClockMode.parse('business')).toBe('business')
    expect(ClockMode.safeParse('weekdays').success).toBe(false)
  })

  it('calendar mode counts every second', () => {
    expect(addClockSeconds('calendar', cal, at('2026-11-28 23:00'), 2 * HOUR)).toEqual(at('2026-11-29 01:00'))
    expect(clockSecondsBetween('calendar', cal, at('2026-11-27 17:00'), at('2026-11-30 09:00'))).toBe(64 * HOUR)
  })

  it('business mode counts working time', () => {
    expect(addClockSeconds('business', cal, at('2026-11-28 23:00'), 2 * HOUR)).toEqual(at('2026-11-30 10:30'))
    expect(clockSecondsBetween('business', cal, at('2026-11-27 17:00'), at('2026-11-30 09:00'))).toBe(HOUR)
  })
})
