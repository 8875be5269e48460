/** Amounts as workers write them: 5000, 5千, 5k, 1.2万, 1w, 5千5, 五千, 一万二, 三百五, 五六千. */

const digits: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const units: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 }
const multipliers: Readonly<Record<string, number>> = { 千: 1000, k: 1000, 万: 10000, w: 10000 }

/** An amount written in the text: a span, its value (a low and a high for 五六千), and whether a unit word (千, k, 万) scaled it. */
export type Amount = { start: number; end: number; low: number; high: number; scaled: boolean; digitCount: number }

/** One amount: Arabic digits with an optional 千/k/万/w and a trailing figure (5千5), or a run of Chinese numerals. */
const amountPattern = /(\d+(?:\.\d+)?)(?:\s*([千kw万])([一二三四五六七八九]|\d(?!\d))?)?|[零〇一二两三四五六七八九十百千万]+/g

/** A figure before one of these counts something else: 两百一天 is 200 a day, not 210. */
const countedNext = /^[天个小月年周次点份人名岁位]/

export function amountsIn(text: string): Amount[] {
  const out: Amount[] = []
  for (const m of text.matchAll(amountPattern)) {
    const start = m.index
    let end = start + m[0].length
    const countsNext = countedNext.test(text.slice(end))
    if (m[1] !== undefined) {
      const mult = m[2] ? multipliers[m[2]]! : 1
      const keepTail = m[3] !== undefined && !(countsNext && m[3] in digits)
      if (m[3] !== undefined && !keepTail) end -= m[3].length
      const tail = keepTail ? (digits[m[3]!] ?? Number(m[3])) * (mult / 10) : 0
      const value = Number(m[1]) * mult + tail
      out.push({ start, end, low: value, high: value, scaled: mult > 1, digitCount: m[1].replace('.', '').length })
    } else {
      let run = m[0]
      if (run.length > 1 && countsNext && /[一二两三四五六七八九]$/.test(run)) run = run.slice(0, -1)
      end = start + run.length
      const parsed = chineseAmount(run)
      if (parsed) out.push({ start, end, ...parsed, digitCount: 0 })
    }
  }
  return out
}

/** A run of Chinese numerals; 五千五 is 5500 (the figure after a unit is the next place down), 五六千 is 5000 to 6000. */
function chineseAmount(run: string): { low: number; high: number; scaled: boolean } | null {
  const pair = /^([一二三四五六七八九])([一二三四五六七八九])([十百千万])$/.exec(run)
  if (pair) {
    const [a, b, u] = [digits[pair[1]!]!, digits[pair[2]!]!, units[pair[3]!]!]
    if (b === a + 1) return { low: a * u, high: b * u, scaled: true }
  }
  let total = 0
  let section = 0
  let figure: number | null = null
  let lastUnit = 1
  let sawZero = false
  for (const ch of run) {
    if (ch in digits) {
      if (figure !== null && figure !== 0 && ch !== '零' && ch !== '〇') return null // 二二: not a number
      figure = digits[ch]!
      if (figure === 0) sawZero = true
    } else if (ch === '万') {
      total += (section + (figure ?? (section === 0 ? 1 : 0))) * 10000
      section = 0
      figure = null
      lastUnit = 10000
    } else {
      const u = units[ch]!
      section += (figure ?? 1) * u
      figure = null
      lastUnit = u
    }
  }
  const trailing = figure === null ? 0 : !sawZero && lastUnit >= 100 ? figure * (lastUnit / 10) : figure
  const value = total + section + trailing
  return { low: value, high: value, scaled: lastUnit > 1 }
}
