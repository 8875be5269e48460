import { WorkCalendar, isWorkingTime } from '../../lib/time/index.ts'

/**
 * When each cadre is on duty. Parsed calendars are cached: the time functions compile a
 * calendar once per object.
 */
const cadreCalendars = new Map<string, WorkCalendar>()

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
