import { defaultTimeZone, wallClockMs } from '../lib/time/index.ts'

const weekdays = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

// The wall-clock reading from the zone's offset (lib/time's, kept per quarter hour), read
// with UTC getters: every reply names a time, and Intl's formatToParts was the slow part.
const partsIn = (timeZone: string, d: Date) => {
  const wall = new Date(wallClockMs(timeZone, d.getTime()))
  return {
    year: String(wall.getUTCFullYear()), month: String(wall.getUTCMonth() + 1), day: String(wall.getUTCDate()),
    hour: String(wall.getUTCHours()).padStart(2, '0'), minute: String(wall.getUTCMinutes()).padStart(2, '0'),
  }
}

/**
 * A time as people read it on the desk's pages (the console and the portal alike):
 * "12月2日 08:30" on the wall clock of `timeZone` (the desk's, its work calendar's zone), and
 * "2025年12月2日 08:30" when that is not the year it is `now` there.
 */
export function localTime(d: Date, timeZone = defaultTimeZone, now = new Date()): string {
  const p = partsIn(timeZone, d)
  const year = p.year === partsIn(timeZone, now).year ? '' : `${p.year}年`
  return `${year}${Number(p.month)}月${Number(p.day)}日 ${p.hour}:${p.minute}`
}

/**
 * When the desk promises to get back to a worker, as a person would say it: a short wait as
 * a duration ("2小时内"), a longer one as a day and a time ("明天14:00前", "11月30日（周一）9:30前").
 * Business-hours targets make "16小时内" true but unhelpful at ten in the evening.
 */
export function promisedBy(due: Date, from: Date, timeZone = defaultTimeZone): string {
  const seconds = Math.max(0, (due.getTime() - from.getTime()) / 1000)
  if (seconds < 3600) return `${Math.max(1, Math.ceil(seconds / 60))}分钟内`
  if (seconds <= 3 * 3600) return `${Math.ceil(seconds / 3600)}小时内`
  const local = (d: Date) => {
    const p = partsIn(timeZone, d)
    return { y: Number(p.year), m: Number(p.month), d: Number(p.day), time: `${Number(p.hour)}:${p.minute}`, dayNumber: Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / 86_400_000 }
  }
  const a = local(from)
  const b = local(due)
  const days = b.dayNumber - a.dayNumber
  const day = days === 0 ? '今天' : days === 1 ? '明天' : days === 2 ? '后天' : `${b.m}月${b.d}日（${weekdays[new Date(b.dayNumber * 86_400_000).getUTCDay()]}）`
  return `${day}${b.time}前`
}
