/**
 * Numbers as workers type them: 8000, 1.5万, 2w, 3k, 八千, 两万四 (24000), 一万二 (12000),
 * 三千五 (3500), 十几 (10), 五六个 (5 to 6), 两三万 (20000 to 30000).
 *
 * A spoken range ('五六个人', '两三万') is kept as value (the lower bound) and upper. The
 * facts store the lower bound: what the worker is sure of, so the desk never overstates a
 * claim to a cadre or an employer. expectedPay, which may be a range, keeps both.
 */

import { compact } from './text.ts'

const digits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 仨: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 几: 0 }
const smallUnits: Record<string, number> = { 十: 10, 百: 100, 千: 1000, k: 1000 }
const bigUnits: Record<string, number> = { 万: 1e4, w: 1e4, 亿: 1e8 }

const cnChars = '零〇一二两俩三仨四五六七八九十百千万亿几'
/** One run of numerals, Arabic or Chinese or mixed (1.5万, 2万4); k and w only right after a digit. */
const numeralSource = `(?:\\d+(?:\\.\\d+)?|[${cnChars}])(?:\\d+(?:\\.\\d+)?|[${cnChars}]|(?<=\\d)[kw](?![a-z]))*`
const numeral = new RegExp(numeralSource, 'g')

export type Num = {
  value: number
  /** The top of a spoken range (五六个 → 6); undefined when the worker said one number. */
  upper?: number
  start: number
  end: number
  raw: string
}

/** 一二三 as a digit string (二〇二五), for years and the like: three or more digits and no units. */
const digitString = /^[零〇一二三四五六七八九]{3,}$/

/** The value of one numeral run, or null when it is not a number (几十, 2五). */
export function parseNumeral(run: string): number | null {
  if (/^\d+(\.\d+)?$/.test(run)) return Number(run)
  if (digitString.test(run)) return Number([...run].map((c) => digits[c]).join(''))
  const parts = run.match(/\d+(?:\.\d+)?|./g) ?? []
  let total = 0
  let section = 0
  let pending: number | null = null
  let lastSmall = 0
  let lastBig = 0
  for (const p of parts) {
    if (p === '零' || p === '〇') { lastSmall = lastSmall ? 10 : 0; continue }
    const d = /^\d/.test(p) ? Number(p) : digits[p]
    if (d !== undefined) {
      if (pending !== null) return null
      pending = d
      continue
    }
    const small = smallUnits[p]
    if (small) {
      section += (pending ?? 1) * small
      pending = null
      lastSmall = small
      continue
    }
    const big = bigUnits[p]
    if (!big) return null
    section += pending ?? (section === 0 && total === 0 ? 1 : 0)
    total = big === 1e8 ? (total + section) * big : total + section * big
    section = 0
    pending = null
    lastSmall = 0
    lastBig = big
  }
  if (pending !== null) {
    // 三千五 is 3500 and 一万二 is 12000: a last digit without a unit takes the next unit down.
    if (lastSmall > 1) section += (pending * lastSmall) / 10
    else if (lastBig && section === 0) total += (pending * lastBig) / 10
    else section += pending
  }
  const value = total + section
  return value > 0 || run === '零' ? value : null
}

/** 五六 / 两三 / 十五六: two neighbouring digits, n then n+1. */
function spokenRange(run: string): { lower: string; upper: string } | null {
  const chars = [...run]
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = digits[chars[i]!]
    const b = digits[chars[i + 1]!]
    if (a && b && b === a + 1 && !digitString.test(run)) {
      return { lower: chars.filter((_, j) => j !== i + 1).join(''), upper: chars.filter((_, j) => j !== i).join('') }
    }
  }
  return null
}

function readRun(raw: string): { value: number; upper?: number } | null {
  const range = spokenRange(raw)
  const value = parseNumeral(range ? range.lower : raw)
  if (value === null) return null
  const upper = range ? parseNumeral(range.upper) ?? undefined : undefined
  return upper !== undefined ? { value, upper } : { value }
}

/** Every number in the text, in order. Runs of nine or more digits (phones, ID numbers) are left out. */
export function findNumbers(text: string): Num[] {
  const out: Num[] = []
  for (const m of text.matchAll(numeral)) {
    if (/\d{9,}/.test(m[0])) continue
    // 一万二一个 is two numbers run together: take the longest start that parses, then go on.
    let start = m.index
    let run = m[0]
    while (run) {
      let raw = run
      while (raw && readRun(raw) === null) raw = [...raw].slice(0, -1).join('')
      if (!raw) raw = [...run][0]!
      const read = readRun(raw)
      if (read) out.push({ ...read, start, end: start + raw.length, raw })
      start += raw.length
      run = run.slice(raw.length)
    }
  }
  return out
}

/** A run that starts with a unit (千万, 万一, 百分) is a word, not a number, unless money follows. */
export const startsWithUnit = (n: Num) => /^[十百千万亿]/.test(n.raw) && !/^十/.test(n.raw)

/** The text right after a number, and right before it. */
export const after = (text: string, n: Num, len = 6) => text.slice(n.end, n.end + len)
export const before = (text: string, n: Num, len = 6) => text.slice(Math.max(0, n.start - len), n.start)

/** The text after the number with approximation words skipped: 两千多块 → 块. */
export const afterApprox = (text: string, n: Num, len = 6) => after(text, n, len + 3).replace(/^(?:多|来|余|把|几)/, '')

/** Units a bare number may carry, per fact: 五个人, 3个月, 4口. */
export const bareUnits = {
  people: '(?:个|名|位)?(?:人|工人|工友)?',
  months: '(?:个)?(?:多)?(?:月)?',
  household: '(?:个|口)?(?:人)?',
  money: '(?:块钱|块|元)?',
} as const

/** The whole answer is one number, with the fact's unit and 大概/左右 at most: 五个, 3个月, 大概十几个. */
export function bareNumber(t: string, units: string = ''): number | null {
  const c = compact(t).replace(/^(?:大概|大约|差不多|估计|可能|应该|约|有|是|一共|总共|共)+/, '')
  const ns = findNumbers(c)
  if (ns.length !== 1) return null
  const n = ns[0] as Num
  const rest = c.slice(n.end).replace(/^(?:多|来|余|几)/, '')
  if (n.start !== 0 || !new RegExp(`^${units}(?:左右|上下|的样子|出头)?(?:了|吧|啊|呢|哦)?$`).test(rest)) return null
  return n.value
}
