import { after, afterApprox, bareNumber, bareUnits, before, findNumbers, startsWithUnit, type Num } from './numbers.ts'

/** A sum of money in the text: the number, and whether the text says it is per month, per day… */
export type Money = Num & { per: 'month' | 'day' | 'hour' | 'year' | null; total: boolean }

const currency = /^(?:多|来|余|把|几)?(?:块钱|块|元|圆|rmb|人民币|米)/
/** What follows a count, not a sum: 三个月, 五个人, 两年, 3号. */
const countUnit = /^(?:多|来|余|几)?(?:个|名|位|口|人|月|天|年|岁|号|日|次|小时|点|%|平|斤|公斤|吨|层|楼|周|星期|礼拜|倍|分钟|级)/
const perBefore: [RegExp, Money['per']][] = [
  [/(?:每个?月|一个月|月薪|月工资|月收入|一月|底薪|月入|工资是|每月能拿)[^\d一二三四五六七八九两十]{0,4}$/, 'month'],
  [/(?:每天|一天|日薪|日结|天工资|一日|一个工)[^\d一二三四五六七八九两十]{0,4}$/, 'day'],
  [/(?:每小时|一小时|一个小时|时薪)[^\d一二三四五六七八九两十]{0,4}$/, 'hour'],
  [/(?:每年|一年|年薪|年收入)[^\d一二三四五六七八九两十]{0,4}$/, 'year'],
]
const perAfter: [RegExp, Money['per']][] = [
  [/^(?:多|来|余|几)?(?:块钱|块|元)?(?:一个月|每月|\/月|一月|每个月)/, 'month'],
  [/^(?:多|来|余|几)?(?:块钱|块|元)?(?:一天|每天|\/天)/, 'day'],
  [/^(?:多|来|余|几)?(?:块钱|块|元)?(?:一小时|一个小时|每小时|\/小时)/, 'hour'],
  [/^(?:多|来|余|几)?(?:块钱|块|元)?(?:一年|每年|\/年)/, 'year'],
]
/** Words that say the number that follows is money: 欠了8000, 一共两万四, 工资还差3000. */
const moneyCue = /(?:欠|拖|差|共|计|总|还有|剩|工资|工钱|薪水|钱|赔|补|要回|讨|大概|大约|差不多|将近|收入|挣|赚|拿|领|发)[了我们的他她是有就才只约概共]{0,3}\s?$/
const moneyWords = /欠|拖|工资|工钱|薪|钱|收入|挣|赚|费/
const totalCue = /(?:一共|总共|共|合计|总计|加起来|加在一起|算下来|总的)[是有了欠]{0,2}\s?$/

/**
 * Every sum of money: a number with 元/块, or with 万/千 and money words around it, or a
 * bare number right after 欠/一共/工资. `bare`: the text is the whole answer to "how much".
 */
export function findMoney(t: string, opts: { bare?: boolean; magnitudeIsMoney?: boolean } = {}): Money[] {
  const out: Money[] = []
  for (const n of findNumbers(t)) {
    const rest = afterApprox(t, n)
    if (countUnit.test(after(t, n))) continue
    const hasCurrency = currency.test(rest)
    if (startsWithUnit(n) && !hasCurrency) continue
    const big = /[万千kw]/.test(n.raw) || n.value >= 100
    const head = before(t, n, 10)
    // 两万四 in a message about wages is money even far from 欠; a plain 3000 needs 欠/一共 right before it.
    const magnitude = /[万千kw]/.test(n.raw) && (opts.magnitudeIsMoney || moneyWords.test(t))
    if (!hasCurrency && !opts.bare && !(big && moneyCue.test(head)) && !magnitude) continue
    const per = perBefore.find(([re]) => re.test(head))?.[1] ?? perAfter.find(([re]) => re.test(after(t, n, 10)))?.[1] ?? null
    out.push({ ...n, per, total: totalCue.test(head) })
  }
  return out
}

/**
 * The sum owed: said to be the total, else the largest one that is not a monthly or daily
 * wage. In a wage-arrears conversation 一万二 is money even with no word for money near it.
 */
export function owedAmount(t: string, opts: { bare?: boolean } = {}): number | null {
  const sums = findMoney(t, { magnitudeIsMoney: true }).filter((m) => m.per === null && m.value > 0)
  const total = sums.find((m) => m.total)
  if (total) return total.value
  if (sums.length) return Math.max(...sums.map((m) => m.value))
  // The answer to "how much": the whole answer is a number (8000, 两万四, 大概一万多块).
  return opts.bare ? bareNumber(t, bareUnits.money) : null
}
