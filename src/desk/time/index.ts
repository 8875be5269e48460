/**
 * Time arithmetic for the desk: work calendars, business-hours deadlines, the paused SLA
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
export { ClockMode, addClockSeconds, addWorkingSeconds, clockSecondsBetween, workingSecondsBetween } from './business-time.ts'
export * as slaClock from './sla-clock.ts'
export type { PauseInterval, SlaClock } from './sla-clock.ts'
export * from './periods.ts'
export { defaultTimeZone, isValidTimeZone, localDateOf, type LocalDate } from './zone.ts'
