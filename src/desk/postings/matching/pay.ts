import { amountsIn, type Amount } from './numerals.ts'
import { foldJobText } from './normalize.ts'

export type PayUnit = 'month' | 'day' | 'hour' | 'year'

/**
 * Pay named in text, in yuan a month. unit is how the text put it; floor and ceiling are
 * always monthly: day pay × workDaysPerMonth, hourly × hoursPerDay × workDaysPerMonth,
 * yearly ÷ 12. Empty when no pay is named.
 */
export type Pay = { floor?: number; ceiling?: number; unit?: PayUnit }

/**
 * Days and hours of a month of day-paid or hourly work as such jobs count them: six days a
 * week, eight hours a day. (The law's 21.75 days converts a monthly wage into overtime
 * rates; a worker on 日结 who works 26 days earns 26 days.)
 */
export const workDaysPerMonth = 26
export const hoursPerDay = 8
const perMonth: Readonly<Record<PayUnit, number>> = { month: 1, day: workDaysPerMonth, hour: workDaysPerMonth * hoursPerDay, year: 1 / 12 }

/**
 * What pay can be in each unit; outside it the number is something else (an age, a phone,
 * 4.2米). No month pays under 1000 yuan (every minimum wage is well above it).
 */
const plausible: Readonly<Record<PayUnit, readonly [number, number]>> = {
  month: [1_000, 200_000], day: [50, 5_000], hour: [5, 500], year: [10_000, 5_000_000],
}

const unitCues: readonly (readonly [RegExp, PayUnit])[] = [
  [/(?:时薪|每小时|一小时|小时工资|计时)/g, 'hour'],
  [/(?:日结|日薪|日工资|一天|每天|天天|日工)/g, 'day'],
  [/(?:月薪|月入|每月|一个月|月工资|底薪|月结)/g, 'month'],
  [/(?:年薪|年收入|一年)/g, 'year'],
]
const moneyBefore = /(?:薪|工资|收入|待遇|到手|保底|综合|日结|提成|拿|¥|rmb)[\s:]*$/
const moneyAfter = /^\s*(?:元|块|rmb|以上|起|左右|上下|多|\+|以下|以内)/
const unitAfter: readonly (readonly [RegExp, PayUnit])[] = [
  [/^\s*(?:元|块)?(?:钱)?\s*(?:\/|每|一|1)\s*(?:个)?\s*(?:小时|h\b|钟)/, 'hour'],
  [/^\s*(?:元|块)?(?:钱)?\s*(?:\/|每|一|1)\s*(?:天|日)/, 'day'],
  [/^\s*(?:元|块)?(?:钱)?\s*(?:\/|每|一|1)\s*(?:个)?\s*月/, 'month'],
  [/^\s*(?:元|块)?(?:钱)?\s*(?:\/|每|一|1)\s*年/, 'year'],
]
/** Right after a number, these make it a count, an age, a size or a time, not pay. */
const notPayAfter = /^\s*(?:岁|周岁|名|人|个|位|年(?!薪)|号|点|米|吨|kg|斤|公斤|层|楼|平|%|天|小时|分钟|公里|次|台|件|套|cm|mm|条|家|辆|期|届|栋|元\/件|多岁)/
const rangeJoin = /^\s*(?:-|~|—|–|至|到)\s*/
const onlyCeiling = { before: /(?:不超过|最多|低于)\s*$/, after: /^\s*(?:元|块)?\s*(?:以下|以内)/ }

export type PayReading = Pay & { spans: [number, number][] }

/** The first pay named in folded text (foldJobText), and where it stood (cue words included). */
export function readPay(folded: string): PayReading {
  const amounts = amountsIn(folded)
  for (let i = 0; i < amounts.length; i++) {
    const first = amounts[i]!
    const joined = rangeJoin.exec(folded.slice(first.end))
    const second = joined ? amounts.find((a) => a.start === first.end + joined[0].length) : undefined
    const reading = judge(folded, first, second)
    if (reading) return reading
  }
  return { spans: [] }
}

function judge(text: string, a: Amount, b: Amount | undefined): PayReading | null {
  if (a.digitCount >= 7) return null // a phone number
  const end = b?.end ?? a.end
  const before = text.slice(Math.max(0, a.start - 8), a.start)
  const after = text.slice(end)
  const unitFromAfter = unitAfter.find(([re]) => re.test(after))?.[1]
  if (!unitFromAfter && notPayAfter.test(after)) return null
  // 5-8k, 五到八千: the unit word of the second figure scales the first.
  let low = a.low
  if (b && b.scaled && !a.scaled && a.low < 100) low = a.low * (b.low >= 10_000 && a.low * 10_000 <= b.low ? 10_000 : 1_000)
  const high = b ? b.high : a.high
  const money = a.scaled || (b?.scaled ?? false) || moneyBefore.test(before) || cueBefore.test(before) || moneyAfter.test(after) || !!unitFromAfter
  const unit = unitFromAfter ?? nearestUnitCue(before) ?? (money && high < plausible.month[0] ? 'day' : 'month')
  const [min, max] = plausible[unit]
  if (low < min || high > max || (!money && !(low >= 1000 && high <= 99_999))) return null
  const monthly = (n: number) => Math.round(n * perMonth[unit])
  const spans: [number, number][] = [[a.start - cueLength(before), end + trailingLength(after)]]
  if (!b && (onlyCeiling.before.test(before) || onlyCeiling.after.test(after))) return { ceiling: monthly(high), unit, spans }
  return high > low ? { floor: monthly(low), ceiling: monthly(high), unit, spans } : { floor: monthly(low), unit, spans }
}

function nearestUnitCue(before: string): PayUnit | undefined {
  let best: { at: number; unit: PayUnit } | undefined
  for (const [re, unit] of unitCues) {
    for (const m of before.matchAll(re)) if (!best || m.index > best.at) best = { at: m.index, unit }
  }
  return best?.unit
}

const cueBefore = /(?:月薪|月入|日结|日薪|时薪|年薪|工资|底薪|薪资|薪水|保底|综合|收入|待遇|到手|每天|一天|每小时|每月|一个月|¥)[\s:]*$/
const cueLength = (before: string) => cueBefore.exec(before)?.[0].length ?? 0
const trailing = /^\s*(?:元|块钱|块|rmb)?\s*(?:(?:\/|每|一)\s*(?:个)?\s*(?:月|天|日|小时|h|年))?\s*(?:以上|起|左右|上下|多|\+|以下|以内)?/
const trailingLength = (after: string) => trailing.exec(after)?.[0].length ?? 0

/**
 * The pay named in free text, in yuan a month: '5000以上', '5千', '五千', '5k', '月薪6000'
 * → { floor: 5000 … }; '日结200' → { floor: 5200, unit: 'day' } (× 26 days); '20元/小时'
 * → { floor: 4160, unit: 'hour' } (× 8 h × 26); '5000-8000' → floor 5000, ceiling 8000;
 * '6000以下' → ceiling only. A bare number counts as monthly pay from 1000 to 99 999; a
 * smaller one needs a unit or a money word (日结, 元), and under 1000 yuan with no unit it
 * is a day's pay ('300块'). The first pay named wins.
 */
export function parsePay(text: string): Pay {
  const { spans: _spans, ...pay } = readPay(foldJobText(text))
  return pay
}
