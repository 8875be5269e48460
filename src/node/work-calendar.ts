import { readFileSync } from 'node:fs'
import type { Config } from '../config.ts'
import type { Logger } from '../log.ts'
import { WorkCalendar, defaultWorkCalendar } from '../lib/time/index.ts'

/**
 * The desk's work calendar, read once at start: WORK_CALENDAR_FILE when set (a bad file
 * stops the desk with the reason), else the default office week.
 */
export function loadWorkCalendar(config: Pick<Config, 'WORK_CALENDAR_FILE'>, _opts: { logger?: Logger; now?: Date } = {}): WorkCalendar {
  const file = config.WORK_CALENDAR_FILE
  if (!file) return defaultWorkCalendar
  const parsed = WorkCalendar.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`WORK_CALENDAR_FILE ${file} is not a work calendar: ${parsed.error.message}`)
  return parsed.data
}
