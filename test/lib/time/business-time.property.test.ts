import { describe, it, expect } from 'vitest'
import { addWorkingSeconds, workingSecondsBetween } from '../../../src/lib/time/business-time.ts'
import { WorkCalendar, defaultWorkCalendar } from '../../../src/lib/time/calendar.ts'
import { nationalDayCalendar, seededRandom } from './fixtures.ts'

const calendars = {
  default: defaultWorkCalendar,
  nationalDay: nationalDayCalendar,
  berlin: WorkCalendar.parse({ ...defaultWorkCalendar, timezone: 'Europe/Berlin', workdays: ['2026-10-25'] }),
  nights: WorkCalendar.parse({
    timezone: 'America/New_York',
    weeklyHours: { fri: [['18:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '02:30'], ['03:00', '12:00']] },
  }),
}

const from = Date.parse('2026-01-01T00:00:00Z')
const to = Date.parse('2028-01-01T00:00:00Z')

describe.each(Object.entries(calendars))('addWorkingSeconds and workingSecondsBetween agree (%s)', (name, cal) => {
  it('round-trips and lands on the earliest instant, for 400 random cases', () => {
    const random = seededRandom(name.length * 7919)
    for (let i = 0; i < 400; i++) {
      const start = new Date(Math.floor(from + random() * (to - from)))
      // Mix short budgets (minutes) with long ones (up to ~60 working days), at millisecond resolution.
      const ms = i % 3 === 0 ? Math.floor(random() * 3_600_000) : Math.floor(random() * 60 * 27_000_000)
      const seconds = ms / 1000
      const end = addWorkingSeconds(cal, start, seconds)
      const label = `start ${start.toISOString()} + ${seconds}s → ${end.toISOString()}`
      expect(end.getTime(), label).toBeGreaterThanOrEqual(start.getTime())
      expect(workingSecondsBetween(cal, start, end), label).toBe(seconds)
      if (ms > 0) {
        // Earliest: the last millisecond before the deadline was still working time.
        expect(workingSecondsBetween(cal, start, new Date(end.getTime() - 1)), label).toBe((ms - 1) / 1000)
      }
      // Additive: splitting a budget in two gives the same deadline.
      const firstPart = Math.floor(ms / 3)
      const viaMiddle = addWorkingSeconds(cal, addWorkingSeconds(cal, start, firstPart / 1000), (ms - firstPart) / 1000)
      if (ms - firstPart > 0) expect(viaMiddle, label).toEqual(end)
    }
  })
})

describe('agreement with an independent minute-by-minute oracle (Shanghai, fixed +08:00 in the test only)', () => {
  // Oracle: is this minute working time under the National Day fixture? Computed without Intl.
  const holidays = new Set(nationalDayCalendar.holidays)
  const makeup = new Set(nationalDayCalendar.workdays)
  const isWorkingMinute = (instantMs: number): boolean => {
    const local = new Date(instantMs + 8 * 3_600_000)
    const iso = local.toISOString().slice(0, 10)
    const weekday = local.getUTCDay()
    const worked = makeup.has(iso) || (!holidays.has(iso) && weekday >= 1 && weekday <= 5)
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes()
    return worked && ((minute >= 510 && minute < 720) || (minute >= 810 && minute < 1050))
  }

  it('matches for 150 random minute-aligned starts around the holiday', () => {
    const random = seededRandom(2026)
    const windowStart = Date.parse('2026-09-15T00:00:00Z')
    for (let i = 0; i < 150; i++) {
      const startMs = windowStart + Math.floor(random() * 30 * 24 * 60) * 60_000
      const minutes = 1 + Math.floor(random() * 1500)
      let cursor = startMs
      let left = minutes
      while (left > 0) {
        if (isWorkingMinute(cursor)) left--
        cursor += 60_000
      }
      expect(addWorkingSeconds(nationalDayCalendar, new Date(startMs), minutes * 60), new Date(startMs).toISOString()).toEqual(new Date(cursor))
    }
  })
})
