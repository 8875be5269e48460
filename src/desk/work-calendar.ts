import { readFileSync } from 'node:fs'
import type { Config } from '../config.ts'
import { WorkCalendar, defaultWorkCalendar, isWorkingTime } from './time/index.ts'

/**
 * Which calendar business-hours SLAs count in, and when each cadre is on duty. Parsed
 * calendars are cached: the time functions compile a calendar once per object.
 */
const deskCalendars = new Map<string, WorkCalendar>()
const cadreCalendars = new Map<string, WorkCalendar>()

/** The desk's calendar: WORK_CALENDAR_FILE when set (a bad file stops the desk at its first use, with the reason), else the default office week. */
export function deskCalendar(config: Pick<Config, 'WORK_CALENDAR_FILE'>): WorkCalendar {
  const file = config.WORK_CALENDAR_FILE
  if (!file) return defaultWorkCalendar
  let calendar = deskCalendars.get(file)
  if (!calendar) {
    const parsed = WorkCalendar.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (!parsed.success) throw new Error(`WORK_CALENDAR_FILE ${file} is not a work calendar: ${parsed.error.message}`)
    calendar = parsed.data
    deskCalendars.set(file, calendar)
  }
  return calendar
}

/**
 * A cadre's own hours: Cadre.workingHours holds a WorkCalendar's fields (usually just
 * weeklyHours, e.g. weekend duty); holidays and make-up days not given come from the
 * desk's calendar. Null: the desk's calendar.
 */
export function cadreCalendar(workingHours: string | null, desk: WorkCalendar): WorkCalendar {
  if (!workingHours) return desk
  const key = `${workingHours}\u0000${desk.holidays.join()}\u0000${desk.workdays.join()}`
  let calendar = cadreCalendars.get(key)
  if (!calendar) {
    const own = JSON.parse(workingHours) as Record<string, unknown>
    calendar = WorkCalendar.parse({ timezone: desk.timezone, holidays: desk.holidays, workdays: desk.workdays, ...own })
    cadreCalendars.set(key, calendar)
  }
  return calendar
}

export const isOnDuty = (cadre: { workingHours: string | null }, desk: WorkCalendar, at: Date) => isWorkingTime(cadreCalendar(cadre.workingHours, desk), at)
