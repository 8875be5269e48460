import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { chinaHolidays, chinaWorkCalendar, holidayYears, isWorkingTime } from '../../src/lib/time/index.ts'
import { loadWorkCalendar } from '../../src/node/work-calendar.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-calendar-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** Writes a WORK_CALENDAR_FILE into the test's own directory; a string is written as is. */
const calendarFile = (content: unknown): string => {
  const file = path.join(dir, `calendar-${++files}.json`)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

type Line = { level: number; msg: string } & Record<string, unknown>
/** A real pino logger whose lines land in an array (pino writes to a plain stream synchronously). */
function memoryLogger() {
  const lines: Line[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) })
  return { logger, infos: () => lines.filter((l) => l.level === 30), warns: () => lines.filter((l) => l.level === 40) }
}

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}+08:00`)
const june2026 = at('2026-06-01 10:00')
const lastYear = holidayYears(chinaHolidays).at(-1)!

describe('loadWorkCalendar', () => {
  it('without a file is the China calendar, and says which years it covers', () => {
    const log = memoryLogger()
    const calendar = loadWorkCalendar({}, { logger: log.logger, now: june2026 })
    expect(calendar).toBe(chinaWorkCalendar)
    expect(isWorkingTime(calendar, at('2026-10-01 10:00'))).toBe(false)
    expect(log.infos()).toHaveLength(1)
    expect(log.infos()[0]).toMatchObject({ nationalHolidayYears: `2004–${lastYear}`, chineseDays: expect.stringMatching(/^\d+\.\d+\.\d+$/), file: null })
    expect(log.infos()[0]!.msg).toContain(`national holidays 2004–${lastYear}`)
    expect(log.warns()).toEqual([])
  })

  it('adds a file’s local holiday and workday to the national days', () => {
    const file = calendarFile({ holidays: ['2026-11-20'], workdays: ['2026-11-21'] })
    const log = memoryLogger()
    const calendar = loadWorkCalendar({ WORK_CALENDAR_FILE: file }, { logger: log.logger, now: june2026 })
    expect(isWorkingTime(calendar, at('2026-11-20 10:00'))).toBe(false) // Friday, the local festival
    expect(isWorkingTime(calendar, at('2026-11-21 10:00'))).toBe(true) // Saturday, the union's own 调休
    expect(isWorkingTime(calendar, at('2026-10-01 10:00'))).toBe(false) // still 国庆
    expect(isWorkingTime(calendar, at('2026-10-10 10:00'))).toBe(true) // still the national 调休
    expect(calendar.holidays).toHaveLength(chinaHolidays.holidays.length + 1)
    expect(log.infos()[0]).toMatchObject({ file, localHolidays: 1, localWorkdays: 1, removedDays: 0 })
    expect(log.warns()).toEqual([])
  })

  it('lets the file replace the hours and zone and keeps the national days', () => {
    const hours = [['10:00', '14:00']]
    const file = calendarFile({ timezone: 'Asia/Urumqi', weeklyHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } })
    const calendar = loadWorkCalendar({ WORK_CALENDAR_FILE: file }, { now: june2026 })
    expect(calendar.timezone).toBe('Asia/Urumqi')
    expect(calendar.weeklyHours.mon).toEqual(hours)
    expect(calendar.weeklyHours.sat).toEqual([])
    expect(calendar.holidays).toEqual(chinaHolidays.holidays)
    expect(calendar.workdays).toEqual(chinaHolidays.workdays)
  })

  it('still reads a whole calendar file as written before', () => {
    const office = [['09:00', '17:00']]
    const file = calendarFile({
      timezone: 'Asia/Shanghai',
      weeklyHours: { mon: office, tue: office, wed: office, thu: office, fri: office },
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: ['2026-10-10'],
    })
    const calendar = loadWorkCalendar({ WORK_CALENDAR_FILE: file }, { now: june2026 })
    expect(calendar.weeklyHours.fri).toEqual(office)
    expect(calendar.holidays).toEqual(chinaHolidays.holidays) // its days were national ones already
    expect(calendar.workdays).toEqual(chinaHolidays.workdays)
  })

  it('lets the file’s days win over national ones, and take national days out', () => {
    const file = calendarFile({ workdays: ['2026-10-07'], removeHolidays: ['2026-10-06'], removeWorkdays: ['2026-10-10'] })
    const calendar = loadWorkCalendar({ WORK_CALENDAR_FILE: file }, { now: june2026 })
    expect(isWorkingTime(calendar, at('2026-10-07 10:00'))).toBe(true) // worked as a local 调休
    expect(isWorkingTime(calendar, at('2026-10-06 10:00'))).toBe(true) // an ordinary Tuesday again
    expect(isWorkingTime(calendar, at('2026-10-10 10:00'))).toBe(false) // an ordinary Saturday again
    expect(isWorkingTime(calendar, at('2026-10-05 10:00'))).toBe(false)
    expect(calendar.holidays).not.toContain('2026-10-07')
  })

  it('warns when the file removes a day that is not a national one', () => {
    const log = memoryLogger()
    const file = calendarFile({ removeHolidays: ['2026-10-09'] })
    loadWorkCalendar({ WORK_CALENDAR_FILE: file }, { logger: log.logger, now: june2026 })
    expect(log.warns()).toHaveLength(1)
    expect(log.warns()[0]).toMatchObject({ file, dates: ['2026-10-09'] })
  })

  it.each([
    ['a date that is no date', { holidays: ['2026-13-01'] }, /holidays/],
    ['a misspelt key', { holiday: ['2026-11-20'] }, /holiday/],
    ['one day both off and worked', { holidays: ['2026-11-20'], workdays: ['2026-11-20'] }, /2026-11-20 is both a holiday and a workday/],
    ['a week with no hours', { weeklyHours: {} }, /at least one weekday needs working hours/],
    ['an unknown zone', { timezone: 'Asia/Beijing' }, /unknown IANA time zone/],
    ['text that is not JSON', '{"holidays": [', /cannot be read as JSON/],
  ])('stops at a file with %s, naming the file and the problem', (_, content, problem) => {
    const file = calendarFile(content)
    const load = () => loadWorkCalendar({ WORK_CALENDAR_FILE: file }, { now: june2026 })
    expect(load).toThrow(file)
    expect(load).toThrow(problem)
  })

  it('stops when the file is missing, naming it', () => {
    const file = path.join(dir, 'absent.json')
    expect(() => loadWorkCalendar({ WORK_CALENDAR_FILE: file })).toThrow(`WORK_CALENDAR_FILE ${file} cannot be read`)
  })
})

describe('the start-up warning about missing years', () => {
  const warnedYears = (now: Date, config: { WORK_CALENDAR_FILE?: string } = {}) => {
    const log = memoryLogger()
    loadWorkCalendar(config, { logger: log.logger, now })
    return log.warns().map((line) => line.missingYears)
  }

  it('warns when now is in a year past the data, telling the operator what to do', () => {
    const log = memoryLogger()
    loadWorkCalendar({}, { logger: log.logger, now: at(`${lastYear + 3}-03-01 10:00`) })
    expect(log.warns()).toHaveLength(1)
    expect(log.warns()[0]).toMatchObject({ missingYears: [lastYear + 3], nationalHolidayYears: `2004–${lastYear}` })
    expect(log.warns()[0]!.msg).toMatch(/chinese-days.*WORK_CALENDAR_FILE/)
  })

  it('reads the year in the calendar’s zone', () => {
    // 00:30 on New Year's Day in Shanghai is still the old year in UTC.
    expect(warnedYears(at(`${lastYear + 1}-01-01 00:30`))).toEqual([[lastYear + 1]])
  })

  it('warns about the next year from November, when its notice is usually out', () => {
    expect(warnedYears(at(`${lastYear}-10-31 10:00`))).toEqual([])
    expect(warnedYears(at(`${lastYear}-11-01 10:00`))).toEqual([[lastYear + 1]])
  })

  it('is quiet once the file lists the missing year’s days', () => {
    const file = calendarFile({ holidays: [`${lastYear + 1}-01-01`] })
    expect(warnedYears(at(`${lastYear}-12-01 10:00`), { WORK_CALENDAR_FILE: file })).toEqual([])
  })
})
