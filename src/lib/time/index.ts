/**
 * Time arithmetic for the desk (pure, no I/O, runs on Node and at the edge): work calendars, business-hours deadlines, the paused SLA
 * clock and calendar periods. Pure functions; the time zone comes from Intl.
 */
export {
  ClockTime,
  DayHours,
  WeeklyHours,
  WorkCalendar,
  WorkInterval,
  defaultWorkCalendar,
  isWorkingTime,
  nextWorkingInstant,
  weekdayKeys,
  type WorkCalendarInput,
} from './calendar.ts'
export { chinaHolidays, chinaWorkCalendar, formatYears, holidayYears, type ChinaHolidays } from './china-holidays.ts'
export { ClockMode, addClockSeconds, addWorkingSeconds, clockSecondsBetween, workingSecondsBetween } from './business-time.ts'
export * as slaClock from './sla-clock.ts'
export type { PauseInterval, SlaClock } from './sla-clock.ts'
export * from './periods.ts'
export { DAY_MS, defaultTimeZone, instantOfWallClock, isValidTimeZone, localDateOf, localDayNumber, wallClockMs, type LocalDate } from './zone.ts'
