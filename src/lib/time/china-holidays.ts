import { z } from 'zod'
// The package's own JSON table (its README offers it to non-JS users too): plain data, so the
// time library stays pure and edge-safe, and we skip the package's dayjs-based query API.
import chineseDaysTable from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { WorkCalendar, defaultWorkCalendar } from './calendar.ts'

/**
 * The shape of chinese-days' dist/chinese-days.json: date → "English,中文,days" for the
 * days off (放假, weekends inside a holiday included) and the make-up workdays (调休上班).
 * `inLieuDays` (which days off are paid back later) is left out: a calendar only needs to
 * know whether a day is worked.
 */
const ChineseDaysTable = z.object({
  holidays: z.record(z.iso.date(), z.string()),
  workdays: z.record(z.iso.date(), z.string()),
})

/** The national days off and 调休 make-up workdays, each list ascending. */
export interface ChinaHolidays {
  readonly holidays: readonly string[]
  readonly workdays: readonly string[]
}

function readTable(): ChinaHolidays {
  // Checked rather than trusted: a new package version with another layout should stop the
  // desk with this message, not give every deadline a silently empty holiday list.
  const parsed = ChineseDaysTable.safeParse(chineseDaysTable)
  if (!parsed.success) throw new Error(`chinese-days: dist/chinese-days.json is not the holiday table expected: ${parsed.error.message}`)
  return {
    holidays: Object.keys(parsed.data.holidays).sort(),
    workdays: Object.keys(parsed.data.workdays).sort(),
  }
}

/** China's public holidays and 调休 days per State Council notice, from the chinese-days package. */
export const chinaHolidays: ChinaHolidays = readTable()

/**
 * The default office week (Mon–Fri 08:30–12:00, 13:30–17:30, Asia/Shanghai) with China's
 * 放假 days off and 调休 make-up days worked, for every year chinese-days carries.
 */
export const chinaWorkCalendar: WorkCalendar = WorkCalendar.parse({
  ...defaultWorkCalendar,
  holidays: chinaHolidays.holidays,
  workdays: chinaHolidays.workdays,
})

/**
 * The years in which a calendar lists at least one holiday, ascending. Every Chinese year
 * has some (元旦 at least), so a year missing here is a year whose notice was never loaded.
 */
export function holidayYears(calendar: { readonly holidays: readonly string[] }): number[] {
  const years = new Set(calendar.holidays.map((date) => Number(date.slice(0, 4))))
  return [...years].sort((a, b) => a - b)
}

/**
 * Years as ranges for a log line: [2004, 2005, 2006] → "2004–2006"; a gap splits them,
 * [2004, 2005, 2007] → "2004–2005, 2007"; none → "none".
 */
export function formatYears(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b)
  const ranges: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`)
    i = j + 1
  }
  return ranges.length > 0 ? ranges.join(', ') : 'none'
}
