import { describe, expect, it } from 'vitest'
import { localTime, promisedBy } from '../src/text/when.ts'

// Instants in UTC; Shanghai is UTC+8. 2026-11-25 is a Wednesday.
const at = (iso: string) => new Date(iso)

describe('when the desk promises to get back to a worker', () => {
  it('says a short wait as a duration', () => {
    expect(promisedBy(at('2026-11-25T02:40:00Z'), at('2026-11-25T02:00:00Z'))).toBe('40分钟内')
    expect(promisedBy(at('2026-11-25T04:00:00Z'), at('2026-11-25T02:00:00Z'))).toBe('2小时内')
  })

  it('says a longer one as a local day and time', () => {
    // 22:03 Wednesday in Shanghai, due 14:00 Thursday
    expect(promisedBy(at('2026-11-26T06:00:00Z'), at('2026-11-25T14:03:00Z'))).toBe('明天14:00前')
    // 09:00 → 17:30 the same day
    expect(promisedBy(at('2026-11-25T09:30:00Z'), at('2026-11-25T01:00:00Z'))).toBe('今天17:30前')
    expect(promisedBy(at('2026-11-27T01:30:00Z'), at('2026-11-25T01:00:00Z'))).toBe('后天9:30前')
    // Friday evening → Monday morning
    expect(promisedBy(at('2026-11-30T01:30:00Z'), at('2026-11-27T12:00:00Z'))).toBe('11月30日（周一）9:30前')
  })

  it('counts days in Shanghai, not UTC', () => {
    // 23:30 on the 25th in Shanghai is 15:30Z; 08:30 on the 26th there is 00:30Z on the 26th
    expect(promisedBy(at('2026-11-26T00:30:00Z'), at('2026-11-25T15:30:00Z'))).toBe('明天8:30前')
  })
})

describe('a time on the desk’s pages', () => {
  const now = at('2026-12-02T04:00:00Z')
  it('is a day and a wall-clock time in the desk’s zone, Chinese style', () => {
    expect(localTime(at('2026-12-02T00:30:00Z'), 'Asia/Shanghai', now)).toBe('12月2日 08:30')
    // 23:30 UTC on 1 December is already the 2nd in Shanghai.
    expect(localTime(at('2026-12-01T16:05:00Z'), 'Asia/Shanghai', now)).toBe('12月2日 00:05')
  })

  it('carries the year when it is not this year there', () => {
    expect(localTime(at('2025-12-02T00:30:00Z'), 'Asia/Shanghai', now)).toBe('2025年12月2日 08:30')
    // New Year's Eve in UTC, but 2027 already in Shanghai: "this year" is the zone's.
    expect(localTime(at('2026-12-31T16:30:00Z'), 'Asia/Shanghai', at('2027-01-01T01:00:00Z'))).toBe('1月1日 00:30')
  })

  it('follows a desk configured for another zone', () => {
    expect(localTime(at('2026-12-02T00:30:00Z'), 'Asia/Urumqi', now)).toBe('12月2日 06:30')
  })
})
