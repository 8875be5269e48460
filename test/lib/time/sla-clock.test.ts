import { describe, it, expect } from 'vitest'
import { defaultWorkCalendar } from '../../../src/lib/time/calendar.ts'
import * as slaClock from '../../../src/lib/time/sla-clock.ts'
import type { SlaClock } from '../../../src/lib/time/sla-clock.ts'
import { at } from './fixtures.ts'

const HOUR = 3600
const business = (startedAt: Date, budgetSeconds: number, pauses: SlaClock['pauses'] = []): SlaClock => ({
  mode: 'business',
  calendar: defaultWorkCalendar,
  budgetSeconds,
  startedAt,
  pauses,
})

describe('SLA clock without pauses', () => {
  const clock = business(at('2026-11-23 11:00'), 2 * HOUR)

  it('has a business-hours deadline', () => {
    expect(slaClock.deadline(clock)).toEqual(at('2026-11-23 14:30'))
    expect(slaClock.isPaused(clock)).toBe(false)
  })

  it('reports elapsed time and fraction, lunch excluded', () => {
    expect(slaClock.elapsedSeconds(clock, at('2026-11-23 10:00'))).toBe(0)
    expect(slaClock.elapsedSeconds(clock, at('2026-11-23 13:00'))).toBe(HOUR)
    expect(slaClock.fractionUsed(clock, at('2026-11-23 13:00'))).toBe(0.5)
    expect(slaClock.fractionUsed(clock, at('2026-11-23 14:30'))).toBe(1)
    expect(slaClock.fractionUsed(clock, at('2026-11-23 15:30'))).toBe(1.5)
  })

  it('places the 50% and 90% reminders', () => {
    // 50% is used up at 12:00 sharp, the start of lunch (earliest instant), not at 13:30.
    expect(slaClock.instantAtFraction(clock, 0.5)).toEqual(at('2026-11-23 12:00'))
    expect(slaClock.instantAtFraction(clock, 0.9)).toEqual(at('2026-11-23 14:18'))
    expect(slaClock.instantAtFraction(clock, 0)).toEqual(at('2026-11-23 11:00'))
  })

  it('runs on calendar time for urgent tickets', () => {
    const urgent: SlaClock = { ...clock, mode: 'calendar', startedAt: at('2026-11-28 23:00') } // Saturday night
    expect(slaClock.deadline(urgent)).toEqual(at('2026-11-29 01:00'))
    expect(slaClock.instantAtFraction(urgent, 0.9)).toEqual(at('2026-11-29 00:48'))
  })
})

describe('SLA clock with pauses', () => {
  it('stops while the worker is asked a question (calendar mode)', () => {
    const clock: SlaClock = {
      mode: 'calendar',
      calendar: defaultWorkCalendar,
      budgetSeconds: 2 * HOUR,
      startedAt: at('2026-11-23 10:00'),
      pauses: [{ pausedAt: at('2026-11-23 10:30'), resumedAt: at('2026-11-23 11:00') }],
    }
    expect(slaClock.deadline(clock)).toEqual(at('2026-11-23 12:30'))
    expect(slaClock.elapsedSeconds(clock, at('2026-11-23 10:45'))).toBe(30 * 60)
    expect(slaClock.elapsedSeconds(clock, at('2026-11-23 11:15'))).toBe(45 * 60)
  })

  it('excludes a pause that spans a weekend', () => {
    // Friday 15:30 start, 8 working hours. Worked Fri 15:30–16:30, waited for the worker until Mon 10:30.
    const clock = business(at('2026-11-20 15:30'), 8 * HOUR, [{ pausedAt: at('2026-11-20 16:30'), resumedAt: at('2026-11-23 10:30') }])
    // Left at Monday 10:30: 7 h → Mon 10:30–12:00 (1.5) + 13:30–17:30 (4) + Tue 08:30–10:00 (1.5).
    expect(slaClock.deadline(clock)).toEqual(at('2026-11-24 10:00'))
    expect(slaClock.deadline(business(at('2026-11-20 15:30'), 8 * HOUR))).toEqual(at('2026-11-23 16:00'))
    expect(slaClock.elapsedSeconds(clock, at('2026-11-22 12:00'))).toBe(HOUR)
    expect(slaClock.elapsedSeconds(clock, at('2026-11-23 11:30'))).toBe(2 * HOUR)
    expect(slaClock.fractionUsed(clock, at('2026-11-23 11:30'))).toBe(0.25)
    // 50% = 4 h: 1 h on Friday + Mon 10:30–12:00 + 13:30–15:00.
    expect(slaClock.instantAtFraction(clock, 0.5)).toEqual(at('2026-11-23 15:00'))
  })

  it('has no deadline while paused, and one again on resume', () => {
    const askedAt = at('2026-11-23 12:30') // during lunch: no working time lost yet
    const open = business(at('2026-11-23 11:00'), 2 * HOUR, [{ pausedAt: askedAt, resumedAt: null }])
    expect(slaClock.isPaused(open)).toBe(true)
    expect(slaClock.deadline(open)).toBeNull()
    expect(slaClock.instantAtFraction(open, 0.9)).toBeNull()
    // Fractions reached before the pause stay known.
    expect(slaClock.instantAtFraction(open, 0.25)).toEqual(at('2026-11-23 11:30'))
    // Elapsed time freezes at the pause.
    expect(slaClock.elapsedSeconds(open, at('2026-11-26 09:00'))).toBe(HOUR)
    expect(slaClock.fractionUsed(open, at('2026-11-26 09:00'))).toBe(0.5)

    const answered = business(at('2026-11-23 11:00'), 2 * HOUR, [{ pausedAt: askedAt, resumedAt: at('2026-11-24 09:00') }])
    expect(slaClock.isPaused(answered)).toBe(false)
    // 1 h used before the pause, 1 h left from Tuesday 09:00.
    expect(slaClock.deadline(answered)).toEqual(at('2026-11-24 10:00'))
    expect(slaClock.instantAtFraction(answered, 0.9)).toEqual(at('2026-11-24 09:48'))
  })

  it('keeps a breach that happened before the pause', () => {
    const clock = business(at('2026-11-23 09:00'), HOUR, [{ pausedAt: at('2026-11-23 11:00'), resumedAt: null }])
    expect(slaClock.deadline(clock)).toEqual(at('2026-11-23 10:00'))
    expect(slaClock.fractionUsed(clock, at('2026-11-30 09:00'))).toBe(2)
  })

  it('merges unordered, overlapping pauses and ignores time before the start', () => {
    const clock: SlaClock = {
      mode: 'calendar',
      calendar: defaultWorkCalendar,
      budgetSeconds: 3 * HOUR,
      startedAt: at('2026-11-23 09:00'),
      pauses: [
        { pausedAt: at('2026-11-23 10:30'), resumedAt: at('2026-11-23 11:30') },
        { pausedAt: at('2026-11-23 08:00'), resumedAt: at('2026-11-23 09:30') },
        { pausedAt: at('2026-11-23 10:00'), resumedAt: at('2026-11-23 11:00') },
        { pausedAt: at('2026-11-23 07:00'), resumedAt: at('2026-11-23 08:00') },
        { pausedAt: at('2026-11-23 10:40'), resumedAt: at('2026-11-23 10:50') }, // inside another pause
      ],
    }
    // Runs 09:30–10:00 (0.5 h), then from 11:30: 2.5 h left → 14:00.
    expect(slaClock.deadline(clock)).toEqual(at('2026-11-23 14:00'))
    expect(slaClock.elapsedSeconds(clock, at('2026-11-23 12:00'))).toBe(HOUR)
  })

  it('treats a fraction reached exactly when the pause begins as reached', () => {
    const clock = business(at('2026-11-23 09:00'), 2 * HOUR, [{ pausedAt: at('2026-11-23 10:00'), resumedAt: null }])
    expect(slaClock.instantAtFraction(clock, 0.5)).toEqual(at('2026-11-23 10:00'))
    expect(slaClock.instantAtFraction(clock, 0.5001)).toBeNull()
  })

  it('rejects nonsense', () => {
    expect(() => slaClock.deadline(business(at('2026-11-23 09:00'), 0))).toThrow(RangeError)
    expect(() => slaClock.deadline(business(at('2026-11-23 09:00'), -5))).toThrow(RangeError)
    expect(() => slaClock.instantAtFraction(business(at('2026-11-23 09:00'), HOUR), -0.1)).toThrow(RangeError)
    const backwards = business(at('2026-11-23 09:00'), HOUR, [{ pausedAt: at('2026-11-23 10:00'), resumedAt: at('2026-11-23 09:30') }])
    expect(() => slaClock.deadline(backwards)).toThrow(RangeError)
  })
})
