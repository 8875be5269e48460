import { WorkCalendar, defaultWorkCalendar } from '../../../src/lib/time/calendar.ts'

/** An instant written as Shanghai wall-clock time, e.g. at('2026-11-23 11:00'). */
export const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}+08:00`)

/**
 * The default office week plus a National Day week as a test fixture (Thu 2026-10-01 to
 * Wed 10-07 off, make-up Sundays/Saturdays 09-20 and 10-10 worked). Not the official notice.
 */
export const nationalDayCalendar = WorkCalendar.parse({
  ...defaultWorkCalendar,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
})

/** Seeded PRNG (mulberry32) so a failing property case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
