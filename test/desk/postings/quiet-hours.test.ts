import { describe, expect, it } from 'vitest'
import { quietUntil } from '../../../src/desk/postings/index.ts'

// Beijing time is UTC+8 all year.
const at = (iso: string) => new Date(iso)

describe('quiet hours (Beijing time)', () => {
  it.each([
    ['21:30-08:00', '2026-12-02T14:00:00Z', '2026-12-03T00:00:00.000Z'], // 22:00 → 08:00 next morning
    ['21:30-08:00', '2026-12-02T13:30:00Z', '2026-12-03T00:00:00.000Z'], // 21:30 sharp is quiet
    ['21:30-08:00', '2026-12-02T23:59:00Z', '2026-12-03T00:00:00.000Z'], // 07:59
    ['21:30-08:00', '2026-12-02T16:15:30Z', '2026-12-03T00:00:00.000Z'], // 00:15:30, after midnight
    ['12:00-14:00', '2026-12-02T04:30:00Z', '2026-12-02T06:00:00.000Z'], // a span within one day
  ])('%s at %s is quiet until %s', (spec, now, until) => {
    expect(quietUntil(spec, at(now))?.toISOString()).toBe(until)
  })

  it.each([
    ['21:30-08:00', '2026-12-02T00:00:00Z'], // 08:00 sharp: pushes may go
    ['21:30-08:00', '2026-12-02T13:29:00Z'], // 21:29
    ['12:00-14:00', '2026-12-02T06:00:00Z'],
    ['none', '2026-12-02T15:00:00Z'],
  ])('%s at %s is not quiet', (spec, now) => {
    expect(quietUntil(spec, at(now))).toBeNull()
  })
})
