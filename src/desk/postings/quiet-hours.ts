import { defaultTimeZone } from '../../lib/time/index.ts'

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: defaultTimeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

/**
 * When job pushes may not wake people (JOB_QUIET_HOURS, Beijing time, e.g. 21:30-08:00: a
 * span may run past midnight). Returns the instant the quiet ends, or null when pushes may
 * go now. A worker's own message is not a push: the digest that answers it goes at any hour.
 */
export function quietUntil(spec: string, now: Date): Date | null {
  if (spec === 'none') return null
  const [from, to] = spec.split('-').map(minutesOf) as [number, number]
  if (from === to) return null
  const parts = Object.fromEntries(clock.formatToParts(now).map((p) => [p.type, p.value]))
  const secondOfDay = Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)
  const minute = Math.floor(secondOfDay / 60)
  const quiet = from < to ? minute >= from && minute < to : minute >= from || minute < to
  if (!quiet) return null
  const untilSecond = to * 60
  const wait = (untilSecond - secondOfDay + 24 * 3600) % (24 * 3600)
  return new Date(now.getTime() - now.getMilliseconds() + wait * 1000)
}
