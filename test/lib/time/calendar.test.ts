import { describe, it, expect } from 'vitest'
import { WorkCalendar, defaultWorkCalendar, isWorkingTime, nextWorkingInstant } from '../../../src/lib/time/calendar.ts'
import { at, nationalDayCalendar } from './fixtures.ts'

const cal = defaultWorkCalendar

describe('WorkCalendar schema', () => {
  it('fills defaults: Shanghai, no holidays, weekdays left out are off', () => {
    const parsed = WorkCalendar.parse({ weeklyHours: { mon: [['09:00', '17:00']] } })
    expect(parsed.timezone).toBe('Asia/Shanghai')
    expect(parsed.holidays).toEqual([])
    expect(parsed.workdays).toEqual([])
    expect(parsed.weeklyHours.sun).toEqual([])
  })

  it('holds the union-office default week', () => {
    expect(cal.weeklyHours.mon).toEqual([
      ['08:30', '12:00'],
      ['13:30', '17:30'],
    ])
    expect(cal.weeklyHours.fri).toEqual(cal.weeklyHours.mon)
    expect(cal.weeklyHours.sat).toEqual([])
  })

  it.each([
    ['a malformed time', { weeklyHours: { mon: [['8:30', '12:00']] } }],
    ['25:00', { weeklyHours: { mon: [['08:30', '25:00']] } }],
    ['an interval that ends before it starts (crossing midnight)', { weeklyHours: { mon: [['22:00', '06:00']] } }],
    ['an empty interval', { weeklyHours: { mon: [['09:00', '09:00']] } }],
    ['overlapping intervals', { weeklyHours: { mon: [['08:00', '12:00'], ['11:00', '14:00']] } }],
    ['intervals out of order', { weeklyHours: { mon: [['13:30', '17:30'], ['08:30', '12:00']] } }],
    ['an unknown zone', { timezone: 'Asia/Beijing', weeklyHours: { mon: [['09:00', '17:00']] } }],
    ['a week without hours', { weeklyHours: {} }],
    ['an impossible date', { weeklyHours: { mon: [['09:00', '17:00']] }, holidays: ['2026-02-29'] }],
    ['a date both off and worked', { weeklyHours: { mon: [['09:00', '17:00']] }, holidays: ['2026-10-10'], workdays: ['2026-10-10'] }],
  ])('rejects %s', (_, input) => {
    expect(WorkCalendar.safeParse(input).success).toBe(false)
  })

  it('accepts touching intervals and 24:00', () => {
    expect(WorkCalendar.safeParse({ weeklyHours: { mon: [['08:00', '12:00'], ['12:00', '24:00']] } }).success).toBe(true)
  })
})

describe('isWorkingTime', () => {
  it('is true inside hours, with start inclusive and end exclusive', () => {
    expect(isWorkingTime(cal, at('2026-11-23 08:30'))).toBe(true) // Monday
    expect(isWorkingTime(cal, at('2026-11-23 08:29:59.999'))).toBe(false)
    expect(isWorkingTime(cal, at('2026-11-23 11:59:59.999'))).toBe(true)
    expect(isWorkingTime(cal, at('2026-11-23 12:00'))).toBe(false)
    expect(isWorkingTime(cal, at('2026-11-23 13:30'))).toBe(true)
    expect(isWorkingTime(cal, at('2026-11-23 17:30'))).toBe(false)
    expect(isWorkingTime(cal, at('2026-11-23 03:00'))).toBe(false)
  })

  it('reads hours in the calendar zone, not UTC', () => {
    // 01:00Z is 09:00 in Shanghai, 01:00 in London.
    expect(isWorkingTime(cal, new Date('2026-11-23T01:00:00Z'))).toBe(true)
    const london = WorkCalendar.parse({ ...cal, timezone: 'Europe/London' })
    expect(isWorkingTime(london, new Date('2026-11-23T01:00:00Z'))).toBe(false)
    expect(isWorkingTime(london, new Date('2026-11-23T09:00:00Z'))).toBe(true)
  })

  it('treats weekends, holidays and make-up days', () => {
    expect(isWorkingTime(cal, at('2026-11-28 10:00'))).toBe(false) // Saturday
    expect(isWorkingTime(cal, at('2026-09-30 10:00'))).toBe(true) // Wednesday before the holiday
    expect(isWorkingTime(nationalDayCalendar, at('2026-10-01 10:00'))).toBe(false) // Thursday, holiday
    expect(isWorkingTime(nationalDayCalendar, at('2026-10-10 10:00'))).toBe(true) // Saturday, make-up day
    expect(isWorkingTime(nationalDayCalendar, at('2026-10-10 12:30'))).toBe(false) // make-up day keeps lunch
    expect(isWorkingTime(cal, at('2026-10-10 10:00'))).toBe(false)
  })

  it('uses makeupDayHours on make-up days when given', () => {
    const shortMakeup = WorkCalendar.parse({ ...nationalDayCalendar, makeupDayHours: [['09:00', '11:00']] })
    expect(isWorkingTime(shortMakeup, at('2026-10-10 08:45'))).toBe(false)
    expect(isWorkingTime(shortMakeup, at('2026-10-10 10:59'))).toBe(true)
    expect(isWorkingTime(shortMakeup, at('2026-10-10 11:00'))).toBe(false)
    expect(isWorkingTime(shortMakeup, at('2026-10-09 08:45'))).toBe(true) // ordinary Friday unchanged
  })

  it('follows daylight saving in a zone that has it', () => {
    // Berlin moves from +01:00 to +02:00 on 2026-03-29.
    const berlin = WorkCalendar.parse({ ...cal, timezone: 'Europe/Berlin' })
    expect(isWorkingTime(berlin, new Date('2026-03-27T07:30:00Z'))).toBe(true) // Fri 08:30 CET
    expect(isWorkingTime(berlin, new Date('2026-03-27T07:29:00Z'))).toBe(false)
    expect(isWorkingTime(berlin, new Date('2026-03-30T06:30:00Z'))).toBe(true) // Mon 08:30 CEST
    expect(isWorkingTime(berlin, new Date('2026-03-30T06:29:00Z'))).toBe(false)
  })

  it('rejects an Invalid Date', () => {
    expect(() => isWorkingTime(cal, new Date('nonsense'))).toThrow(RangeError)
  })
})

describe('nextWorkingInstant', () => {
  it('returns the instant itself during working hours', () => {
    expect(nextWorkingInstant(cal, at('2026-11-23 10:15:30.250'))).toEqual(at('2026-11-23 10:15:30.250'))
    expect(nextWorkingInstant(cal, at('2026-11-23 08:30'))).toEqual(at('2026-11-23 08:30'))
  })

  it('skips lunch, the night, the weekend', () => {
    expect(nextWorkingInstant(cal, at('2026-11-23 12:00'))).toEqual(at('2026-11-23 13:30'))
    expect(nextWorkingInstant(cal, at('2026-11-23 17:30'))).toEqual(at('2026-11-24 08:30'))
    expect(nextWorkingInstant(cal, at('2026-11-24 02:00'))).toEqual(at('2026-11-24 08:30'))
    expect(nextWorkingInstant(cal, at('2026-11-27 18:00'))).toEqual(at('2026-11-30 08:30'))
    expect(nextWorkingInstant(cal, at('2026-11-29 23:59:59.999'))).toEqual(at('2026-11-30 08:30'))
  })

  it('skips a holiday week and stops on a make-up day', () => {
    expect(nextWorkingInstant(nationalDayCalendar, at('2026-09-30 17:45'))).toEqual(at('2026-10-08 08:30'))
    expect(nextWorkingInstant(nationalDayCalendar, at('2026-10-09 17:45'))).toEqual(at('2026-10-10 08:30'))
    expect(nextWorkingInstant(nationalDayCalendar, at('2026-09-19 17:45'))).toEqual(at('2026-09-20 08:30'))
  })

  it('joins a night shift across midnight', () => {
    const nights = WorkCalendar.parse({
      weeklyHours: { mon: [['22:00', '24:00']], tue: [['00:00', '06:00'], ['22:00', '24:00']], wed: [['00:00', '06:00']] },
    })
    expect(isWorkingTime(nights, at('2026-11-24 00:00'))).toBe(true)
    expect(nextWorkingInstant(nights, at('2026-11-24 06:00'))).toEqual(at('2026-11-24 22:00'))
    expect(nextWorkingInstant(nights, at('2026-11-25 07:00'))).toEqual(at('2026-11-30 22:00'))
  })
})
