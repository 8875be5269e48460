import type { Desk } from '../../desk/desk.ts'
import { DAY_MS, instantOfWallClock } from '../../lib/time/index.ts'
import { localTime } from '../../text/when.ts'

export type When = (d: Date | null | undefined) => string

/**
 * How the console says a time: in the desk's zone, "11月25日 14:00" (with the year when it is
 * not this year), as the portal says it; a dash when there is none.
 */
export const whenAt = (desk: Pick<Desk, 'calendar' | 'now'>): When => (d) => (d ? localTime(d, desk.calendar.timezone, desk.now()) : '—')

/**
 * A time in a file that outlives the year it was made in (a CSV export): always with the year,
 * "2026年12月2日 08:30". (localTime leaves out the year only when it is `now`'s; the epoch never is.)
 */
export const whenWithYear = (desk: Pick<Desk, 'calendar'>): When => (d) => (d ? localTime(d, desk.calendar.timezone, new Date(0)) : '—')

/** How long something has waited, as a cadre would say it: "3天4小时", "5小时", "20分钟". */
export function waitedFor(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000))
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  if (days > 0) return `${days}天${hours ? `${hours}小时` : ''}`
  if (hours > 0) return `${hours}小时`
  return `${Math.max(1, minutes)}分钟`
}

/** A ticket's state as the cadre holding it reads it (the worker's own words are in vocabulary.ts). */
export const cadreStatusLabels: Record<string, string> = { open: '待答复', waiting_worker: '等职工回复', answered: '已答复，在办', closed: '已办结' }

/**
 * A day picked in a date field ("2026-12-02") as an instant in the desk's zone: its start, or
 * with `end` the start of the day after (a bound to stay before). Undefined when it is no date.
 */
export function dayBoundary(desk: Pick<Desk, 'calendar'>, value: string | undefined, end = false): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
  const wall = Date.parse(`${value}T00:00:00Z`)
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== value) return undefined
  return new Date(instantOfWallClock(desk.calendar.timezone, wall + (end ? DAY_MS : 0)))
}

/** 李秀英 → 李**, 13712345678 → 137****5678: enough to tell people apart, not to identify them. */
export const maskName = (name: string) => (name.length <= 1 ? '*' : `${[...name][0]}${'*'.repeat([...name].length - 1)}`)
export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****')
