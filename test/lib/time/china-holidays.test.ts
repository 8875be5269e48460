import { describe, expect, it } from 'vitest'
import { addWorkingSeconds } from '../../../src/lib/time/business-time.ts'
import { defaultWorkCalendar, isWorkingTime } from '../../../src/lib/time/calendar.ts'
import { chinaHolidays, chinaWorkCalendar, formatYears, holidayYears } from '../../../src/lib/time/china-holidays.ts'
import { dayNumberOfIsoDate, isoWeekdayOfDayNumber } from '../../../src/lib/time/zone.ts'
import { at } from './fixtures.ts'

const HOUR = 3600
const WORKDAY = 7.5 * HOUR
const isWeekend = (date: string) => isoWeekdayOfDayNumber(dayNumberOfIsoDate(date)) >= 6

describe('chinaWorkCalendar', () => {
  it('is the default office week with the national days added', () => {
    expect(chinaWorkCalendar.timezone).toBe(defaultWorkCalendar.timezone)
    expect(chinaWorkCalendar.weeklyHours).toEqual(defaultWorkCalendar.weeklyHours)
    expect(chinaWorkCalendar.holidays).toEqual(chinaHolidays.holidays)
    expect(chinaWorkCalendar.workdays).toEqual(chinaHolidays.workdays)
    expect(defaultWorkCalendar.holidays).toEqual([])
  })

  it('carries the State Council 2026 notice (gov.cn/zhengce/zhengceku/202511/content_7047091.htm)', () => {
    const in2026 = (list: readonly string[]) => list.filter((date) => date.startsWith('2026-'))
    const days = (month: string, first: number, last: number) =>
      Array.from({ length: last - first + 1 }, (_, i) => `${month}-${String(first + i).padStart(2, '0')}`)
    expect(in2026(chinaHolidays.holidays)).toEqual([
      ...days('2026-01', 1, 3), // 元旦
      ...days('2026-02', 15, 23), // 春节
      ...days('2026-04', 4, 6), // 清明
      ...days('2026-05', 1, 5), // 劳动节
      ...days('2026-06', 19, 21), // 端午
      ...days('2026-09', 25, 27), // 中秋
      ...days('2026-10', 1, 7), // 国庆
    ])
    expect(in2026(chinaHolidays.workdays)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
  })

  it('lists as 调休 only weekend days, every year', () => {
    expect(chinaHolidays.workdays.length).toBeGreaterThan(100)
    expect(chinaHolidays.workdays.filter((date) => !isWeekend(date))).toEqual([])
  })

  it('is off on National Day and works the make-up Saturday and Sunday', () => {
    expect(isWorkingTime(chinaWorkCalendar, at('2026-10-01 10:00'))).toBe(false) // Thursday, 国庆
    expect(isWorkingTime(chinaWorkCalendar, at('2026-10-05 10:00'))).toBe(false) // Monday, 国庆
    expect(isWorkingTime(chinaWorkCalendar, at('2026-10-10 10:00'))).toBe(true) // Saturday, 调休上班
    expect(isWorkingTime(chinaWorkCalendar, at('2026-09-20 10:00'))).toBe(true) // Sunday, 调休上班
    expect(isWorkingTime(chinaWorkCalendar, at('2026-10-17 10:00'))).toBe(false) // an ordinary Saturday
    expect(isWorkingTime(chinaWorkCalendar, at('2026-10-08 10:00'))).toBe(true)
  })

  it('puts a business-hours deadline across the National Day week after it', () => {
    expect(addWorkingSeconds(chinaWorkCalendar, at('2026-09-30 17:00'), HOUR)).toEqual(at('2026-10-08 09:00'))
    // Four working days from Wednesday morning: 09-30, then 10-08, 10-09 and the make-up Saturday 10-10.
    expect(addWorkingSeconds(chinaWorkCalendar, at('2026-09-30 08:30'), 4 * WORKDAY)).toEqual(at('2026-10-10 17:30'))
    expect(addWorkingSeconds(defaultWorkCalendar, at('2026-09-30 08:30'), 4 * WORKDAY)).toEqual(at('2026-10-05 17:30'))
  })

  it('skips the Spring Festival and works its two make-up Saturdays', () => {
    expect(addWorkingSeconds(chinaWorkCalendar, at('2026-02-13 17:00'), HOUR)).toEqual(at('2026-02-14 09:00'))
    expect(addWorkingSeconds(chinaWorkCalendar, at('2026-02-14 17:00'), HOUR)).toEqual(at('2026-02-24 09:00'))
  })
})

describe('holidayYears', () => {
  it('names each year with a holiday once, ascending', () => {
    expect(holidayYears({ holidays: ['2027-01-01', '2025-10-01', '2025-10-02'] })).toEqual([2025, 2027])
    expect(holidayYears({ holidays: [] })).toEqual([])
    expect(holidayYears(defaultWorkCalendar)).toEqual([])
  })

  it('finds the package covering every year from 2004 without a gap, 2026 included', () => {
    const years = holidayYears(chinaWorkCalendar)
    expect(years[0]).toBe(2004)
    expect(years).toContain(2026)
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i))
    expect(formatYears(years)).toBe(`2004–${years.at(-1)}`)
  })
})

describe('formatYears', () => {
  it('joins consecutive years into ranges', () => {
    expect(formatYears([2004, 2005, 2006])).toBe('2004–2006')
    expect(formatYears([2004, 2005, 2007])).toBe('2004–2005, 2007')
    expect(formatYears([2010, 2004, 2006, 2005, 2005])).toBe('2004–2006, 2010')
    expect(formatYears([2026])).toBe('2026')
    expect(formatYears([])).toBe('none')
  })
})
