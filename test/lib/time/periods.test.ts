import { describe, it, expect } from 'vitest'
import {
  addCalendarDays,
  halfYearKey,
  halfYearStart,
  halfYearStartRepeat,
  monthKey,
  nextHalfYearStart,
  nextQuarterStart,
  quarterKey,
  quarterStart,
  quarterStartRepeat,
} from '../../../src/lib/time/periods.ts'

const utc = (iso: string) => new Date(iso)

describe('quarters in Shanghai', () => {
  it('start at local midnight: 2026-12-31T16:00Z is already 2027Q1', () => {
    const newYear = utc('2026-12-31T16:00:00.000Z')
    expect(quarterKey(newYear)).toBe('2027Q1')
    expect(quarterStart(newYear)).toEqual(newYear)
    expect(nextQuarterStart(newYear)).toEqual(utc('2027-03-31T16:00:00Z'))

    const lastMoment = utc('2026-12-31T15:59:59.999Z')
    expect(quarterKey(lastMoment)).toBe('2026Q4')
    expect(quarterStart(lastMoment)).toEqual(utc('2026-09-30T16:00:00Z'))
    expect(nextQuarterStart(lastMoment)).toEqual(newYear)
  })

  it('walk through a year', () => {
    const starts = [utc('2026-12-31T16:00:00Z')]
    for (let i = 0; i < 4; i++) starts.push(nextQuarterStart(starts.at(-1)!))
    expect(starts.map((d) => d.toISOString())).toEqual([
      '2026-12-31T16:00:00.000Z',
      '2027-03-31T16:00:00.000Z',
      '2027-06-30T16:00:00.000Z',
      '2027-09-30T16:00:00.000Z',
      '2027-12-31T16:00:00.000Z',
    ])
    expect(starts.map((d) => quarterKey(d))).toEqual(['2027Q1', '2027Q2', '2027Q3', '2027Q4', '2028Q1'])
  })

  it('depend on the zone', () => {
    expect(quarterKey(utc('2026-12-31T16:00:00Z'), 'UTC')).toBe('2026Q4')
    expect(quarterStart(utc('2026-12-31T16:00:00Z'), 'UTC')).toEqual(utc('2026-10-01T00:00:00Z'))
    // New York is on daylight time on 1 April, standard time on 1 January.
    expect(quarterStart(utc('2026-04-15T12:00:00Z'), 'America/New_York')).toEqual(utc('2026-04-01T04:00:00Z'))
    expect(nextQuarterStart(utc('2026-11-15T12:00:00Z'), 'America/New_York')).toEqual(utc('2027-01-01T05:00:00Z'))
  })
})

describe('half years and months', () => {
  it('split at local midnight on 1 July and 1 January', () => {
    expect(halfYearKey(utc('2026-06-30T15:59:59Z'))).toBe('2026H1')
    expect(halfYearKey(utc('2026-06-30T16:00:00Z'))).toBe('2026H2')
    expect(halfYearStart(utc('2026-11-25T04:00:00Z'))).toEqual(utc('2026-06-30T16:00:00Z'))
    expect(nextHalfYearStart(utc('2026-11-25T04:00:00Z'))).toEqual(utc('2026-12-31T16:00:00Z'))
    expect(nextHalfYearStart(utc('2026-03-01T00:00:00Z'))).toEqual(utc('2026-06-30T16:00:00Z'))
  })

  it('keys months by local date', () => {
    expect(monthKey(utc('2026-11-30T15:59:59Z'))).toBe('2026-11')
    expect(monthKey(utc('2026-11-30T16:00:00Z'))).toBe('2026-12')
    expect(monthKey(utc('2026-02-28T16:00:00Z'))).toBe('2026-03')
  })
})

describe('addCalendarDays', () => {
  it('keeps the local time of day', () => {
    expect(addCalendarDays(utc('2026-11-25T10:00:00Z'), 3)).toEqual(utc('2026-11-28T10:00:00Z'))
    expect(addCalendarDays(utc('2026-12-30T17:00:00Z'), 2)).toEqual(utc('2027-01-01T17:00:00Z'))
    expect(addCalendarDays(utc('2026-03-01T04:00:00Z'), -1)).toEqual(utc('2026-02-28T04:00:00Z'))
  })

  it('keeps local time across a daylight-saving change', () => {
    // Saturday 12:00 CET + 1 day = Sunday 12:00 CEST, only 23 real hours later.
    expect(addCalendarDays(utc('2026-03-28T11:00:00Z'), 1, 'Europe/Berlin')).toEqual(utc('2026-03-29T10:00:00Z'))
    // 02:30 does not exist in New York on 2026-03-08: it moves forward to 03:30.
    expect(addCalendarDays(utc('2026-03-07T07:30:00Z'), 1, 'America/New_York')).toEqual(utc('2026-03-08T07:30:00Z'))
  })

  it('rejects fractional days', () => {
    expect(() => addCalendarDays(utc('2026-11-25T10:00:00Z'), 1.5)).toThrow(RangeError)
  })
})

describe('BullMQ repeat options', () => {
  it('fire at local midnight starting each quarter and half year in Shanghai', () => {
    expect(quarterStartRepeat).toEqual({ pattern: '0 0 1 1,4,7,10 *', tz: 'Asia/Shanghai' })
    expect(halfYearStartRepeat).toEqual({ pattern: '0 0 1 1,7 *', tz: 'Asia/Shanghai' })
  })
})
