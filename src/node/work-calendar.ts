import { readFileSync } from 'node:fs'
import { z } from 'zod'
import chineseDaysPackage from 'chinese-days/package.json' with { type: 'json' }
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import {
  DayHours,
  WeeklyHours,
  WorkCalendar,
  chinaHolidays,
  chinaWorkCalendar,
  formatYears,
  holidayYears,
  localDateOf,
  type WorkCalendarInput,
} from '../lib/time/index.ts'

const dates = z.array(z.iso.date()).default([])

/**
 * What WORK_CALENDAR_FILE holds: local changes laid over the China calendar (office week plus
 * the national 放假 and 调休 days). Every field is optional, and a whole WorkCalendar is a valid
 * file. Unknown keys are refused, so a misspelt "holiday" fails at start instead of being ignored.
 */
export const WorkCalendarFile = z
  .strictObject({
    /** Replaces the default Asia/Shanghai. */
    timezone: WorkCalendar.shape.timezone.unwrap().optional(),
    /** Replaces the default Mon–Fri 08:30–12:00, 13:30–17:30. */
    weeklyHours: WeeklyHours.optional(),
    /** Replaces the default (Monday's hours). */
    makeupDayHours: DayHours.optional(),
    /** Local days off added to the national ones (a local festival); on a national 调休 day, the file wins. */
    holidays: dates,
    /** Local make-up workdays added to the national ones (the union's own 调休); on a national holiday, the file wins. */
    workdays: dates,
    /** National holidays this office works as an ordinary day of its weekday. */
    removeHolidays: dates,
    /** National 调休 days this office does not work (an ordinary day of its weekday again). */
    removeWorkdays: dates,
  })
  .superRefine((file, ctx) => {
    const holidays = new Set(file.holidays)
    for (const date of file.workdays) {
      if (holidays.has(date)) ctx.addIssue({ code: 'custom', message: `${date} is both a holiday and a workday`, path: ['workdays'] })
    }
  })
export type WorkCalendarFile = z.output<typeof WorkCalendarFile>

/** State Council notices for the next year usually appear in November (in late October in 2023). */
const nextYearNoticeMonth = 11

const sortedUnion = (...lists: (readonly string[])[]): string[] => [...new Set(lists.flat())].sort()
const without = (list: readonly string[], ...drop: (readonly string[])[]): string[] => {
  const dropped = new Set(drop.flat())
  return list.filter((date) => !dropped.has(date))
}

/** The file laid over the base: scalar fields replace, day lists add, and the file's days win. */
function overlay(base: WorkCalendar, file: WorkCalendarFile): WorkCalendarInput {
  return {
    timezone: file.timezone ?? base.timezone,
    weeklyHours: file.weeklyHours ?? base.weeklyHours,
    makeupDayHours: file.makeupDayHours ?? base.makeupDayHours,
    holidays: sortedUnion(without(base.holidays, file.removeHolidays, file.workdays), file.holidays),
    workdays: sortedUnion(without(base.workdays, file.removeWorkdays, file.holidays), file.workdays),
  }
}

function readCalendarFile(file: string): WorkCalendarFile {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`WORK_CALENDAR_FILE ${file} cannot be read as JSON: ${(error as Error).message}`)
  }
  const parsed = WorkCalendarFile.safeParse(json)
  if (!parsed.success) throw new Error(`WORK_CALENDAR_FILE ${file} is not a work calendar:\n${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/**
 * The desk's work calendar, read once at start: China's office week with the national 放假 and
 * 调休 days from the chinese-days package, with WORK_CALENDAR_FILE laid over it when set (a bad
 * file stops the desk with the reason). Logs which years the national days cover, and warns
 * when the year of `now` has no holidays (or, from November, the next year).
 */
export function loadWorkCalendar(config: Pick<Config, 'WORK_CALENDAR_FILE'>, opts: { logger?: Logger; now?: Date } = {}): WorkCalendar {
  const { logger, now = new Date() } = opts
  const file = config.WORK_CALENDAR_FILE
  const local = file ? readCalendarFile(file) : undefined
  let calendar = chinaWorkCalendar
  if (file && local) {
    const parsed = WorkCalendar.safeParse(overlay(chinaWorkCalendar, local))
    if (!parsed.success) throw new Error(`WORK_CALENDAR_FILE ${file} does not make a work calendar:\n${z.prettifyError(parsed.error)}`)
    calendar = parsed.data
    const stale = [...without(local.removeHolidays, chinaHolidays.holidays), ...without(local.removeWorkdays, chinaHolidays.workdays)]
    // Harmless, so not fatal: the package may have corrected a date the file was written against.
    if (stale.length > 0) logger?.warn({ file, dates: stale }, `WORK_CALENDAR_FILE removes days that are not national holidays or 调休 days: ${stale.join(', ')}`)
  }

  const national = formatYears(holidayYears(chinaHolidays))
  const version = chineseDaysPackage.version
  logger?.info(
    {
      nationalHolidayYears: national,
      chineseDays: version,
      file: file ?? null,
      ...(local ? { localHolidays: local.holidays.length, localWorkdays: local.workdays.length, removedDays: local.removeHolidays.length + local.removeWorkdays.length } : {}),
    },
    `work calendar: national holidays ${national} (chinese-days ${version})${file ? `, with ${file} laid over them` : ''}`,
  )

  const today = localDateOf(calendar.timezone, now)
  const due = today.month >= nextYearNoticeMonth ? [today.year, today.year + 1] : [today.year]
  const covered = new Set(holidayYears(calendar))
  const missing = due.filter((year) => !covered.has(year))
  if (missing.length > 0) {
    logger?.warn(
      { missingYears: missing, nationalHolidayYears: national, chineseDays: version },
      `work calendar lists no holidays for ${missing.join(' or ')}: business-hours deadlines then count 放假 days as working days and ignore 调休. ` +
        'Update the chinese-days package (pinned in package.json) or add the days to WORK_CALENDAR_FILE.',
    )
  }
  return calendar
}
