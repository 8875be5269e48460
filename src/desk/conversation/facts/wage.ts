import { after, bareNumber, bareUnits, before, findNumbers } from './numbers.ts'
import { compact } from './text.ts'

type Found = { value: number; start: number; end: number }

const owingBefore = /(?:欠|拖|没发|没给|没结|压|扣|少给|少发)[了我们的他她工资钱快近将有足足整整\s]{0,4}$/
const owingAfter = /^.{0,6}?(?:欠|拖|没(?:有)?(?:发|给|结|拿|付|到)|未(?:发|付|结)|不给|不发|工资|工钱|薪水|一分)/
const tenureBefore = /(?:干了|做了|上了|干|做|来了|待了|呆了|工作了|上班)$/
const unpaidAfter = /^.{0,8}?(?:没|未|不给|不发|一分)/
/** 一个月5000: a monthly wage, not a month owed. */
const rateAfter = /^(?:的)?(?:工资|工钱|薪水|收入)?(?:是|有|能拿|拿|挣|赚|才|就|大概)?\s?[\d一二三四五六七八九两]/

function monthCounts(t: string, bare: boolean): (Found & { strong: boolean; tenure: boolean })[] {
  const out: (Found & { strong: boolean; tenure: boolean })[] = []
  const push = (value: number, n: { start: number; end: number }, years = false) => {
    const head = t.slice(Math.max(0, n.start - 8), n.start)
    const rest = t.slice(n.end)
    const strong = owingBefore.test(head) || owingAfter.test(rest)
    const tenure = tenureBefore.test(head) && !unpaidAfter.test(rest)
    if (years && !bare && (!strong || tenure)) return
    if (value === 1 && rateAfter.test(rest) && !owingBefore.test(head)) return
    out.push({ value, start: n.start, end: n.end, strong, tenure })
  }
  for (const n of findNumbers(t)) {
    const rest = after(t, n, 8)
    let m: RegExpExecArray | null
    if ((m = /^个半月/.exec(rest))) push(n.value + 0.5, { start: n.start, end: n.end + m[0].length })
    else if ((m = /^(?:多|来)?个(?:多)?月(?!份)/.exec(rest))) push(n.value, { start: n.start, end: n.end + m[0].length })
    else if (/^[俩仨]$/.test(n.raw) && (m = /^月/.exec(rest))) push(n.value, { start: n.start, end: n.end + 1 })
    else if ((m = /^(?:个)?(?:多)?年半/.exec(rest))) push(n.value * 12 + 6, { start: n.start, end: n.end + m[0].length }, true)
    else if ((m = /^(?:多)?年(?!级|底|初|前|后)/.exec(rest)) && n.value < 10) push(n.value * 12, { start: n.start, end: n.end + m[0].length }, true)
  }
  for (const m of t.matchAll(/(?<![个一二三四五六七八九十两\d])半个(?:多)?月|大?半年/g)) {
    push(m[0].endsWith('年') ? 6 : 0.5, { start: m.index, end: m.index + m[0].length }, m[0].endsWith('年'))
  }
  // 3月到6月的工资: four months, counted from the months of the year.
  const months = findNumbers(t)
  for (let k = 0; k + 1 < months.length; k++) {
    const a = months[k]!
    const b = months[k + 1]!
    const between = t.slice(a.end, b.start)
    if (/^月份?(?:到|至|-|~|—)$/.test(between) && t[b.end] === '月' && b.value >= a.value && b.value <= 12 && /欠|拖|没发|没给|工资/.test(t)) {
      push(b.value - a.value + 1, { start: a.start, end: b.end + 1 })
    }
  }
  return out
}

/** Months of wages owed: one said with 欠/没发 near it first, else the first that is not how long they worked. */
export function owedMonths(t: string, opts: { bare?: boolean } = {}): number | null {
  const counts = monthCounts(t, opts.bare ?? false)
  const pick = counts.find((c) => c.strong && !c.tenure) ?? counts.find((c) => !c.tenure)
  if (pick) return pick.value
  if (opts.bare) {
    const n = bareNumber(t, bareUnits.months)
    if (n !== null && n <= 120) return n
  }
  return null
}

const peopleAfter = /^(?:多|来|几)?(?:个|名|位)?(?:多)?(?:人|工人|工友|兄弟|老乡|师傅|同事|农民工|员工|职工|伙计)/
const groupBefore = /(?:我们|咱们|大家|一共|总共|共|有|班组|工友|老乡|兄弟)[都一共有就差不多大概]{0,3}$/
const notPeopleAfter = /^个(?:多)?(?:月|半|小时|钟头|星期|礼拜|工作日|孩子|小孩|娃|老人|项目|工地|厂|公司|地方)/
const justMe = /(?:就|只有|只)我(?:一个人?|自己|一人)?(?=$|[\s,!?。，！？]|没|被|的工资|拿不到)|我一个人(?=$|[\s,!?。，！？]|没|被|干)/

/** How many workers are owed: 五个人, 我们12个, 十几个工友, 就我一个. A range counts its lower end. */
export function workersOwed(t: string, opts: { bare?: boolean } = {}): number | null {
  const found: (Found & { cue: boolean })[] = []
  for (const n of findNumbers(t)) {
    const rest = after(t, n, 10)
    const people = peopleAfter.exec(rest)
    const grouped = !people && /^(?:多|来|几)?个/.test(rest) && !notPeopleAfter.test(rest.replace(/^(?:多|来|几)/, '')) && groupBefore.test(before(t, n, 6))
    if (!people && !grouped) continue
    if (!Number.isInteger(n.value) || n.value < 1) continue
    found.push({ value: n.value, start: n.start, end: n.end, cue: /^.{0,8}?(?:都|全)?(?:没|未|被欠|拿不到)/.test(t.slice(n.end)) })
  }
  if (found.length) return (found.find((f) => f.cue) ?? found.reduce((a, b) => (b.value > a.value ? b : a))).value
  if (justMe.test(t)) return 1
  if (opts.bare) {
    const c = compact(t)
    if (/^(?:就|只有|只)?我(?:一个人?|自己)?(?:了|吧|啊)?$|^一个人?$/.test(c)) return 1
    const n = bareNumber(t, bareUnits.people)
    if (n !== null && Number.isInteger(n) && n >= 1) return n
  }
  return null
}

const askedContract = /有没有(?:签)?(?:劳动)?合同|签没签|签了没|合同签了吗|有合同吗|有没有签/
const noContract = /没(?:有)?(?:签过?|签订)(?![字名收到])|没(?:有)?(?:和|跟|给)(?:我|我们)签|未签|(?:不|没)(?:给|肯|愿意|让)签|(?:不|没)签(?:合同|劳动合同)|没(?:有)?(?:书面|劳动|正式)?合同|合同(?:也|都)?没(?:有)?签|合同(?:也|都)?没有(?!到期)|口头(?:约定|说|讲|答应|协议)|无合同/
const withContract = /签是签了|签(?:了|过|订了|的)\s?(?:劳动|正式|书面)?合同|(?:劳动)?合同(?:是|也|都)?(?:签了|签过|有签|签的|有的|有)|有(?:签)?(?:劳动|正式|书面)?合同|有签/

/** Whether a labour contract was signed, when the text says so. `bare`: the answer to that question. */
export function contractSigned(t: string, opts: { bare?: boolean } = {}): boolean | null {
  // Clauses stay apart: 一直不给 签了合同 must not read as 不给签.
  const spaced = t.replace(askedContract, ' ')
  const c = compact(spaced)
  if (opts.bare || /合同|口头/.test(spaced)) {
    if (noContract.test(spaced)) return false
    if (withContract.test(spaced)) return true
  }
  if (!opts.bare) return null
  if (/^(?:没有|没|无|不是|没得|还没|木有)(?:签|签过|合同|的|啊|呢|吧|了)*$/.test(c)) return false
  if (/签是签了|^(?:好像|应该)?(?:签了|签过|有签)/.test(c)) return true
  if (/^(?:有|签了|签过|签的|是的?|对的?|嗯+|好像签了|应该签了|签了吧)(?:的|啊|呀|吧|了)*$/.test(c)) return true
  return null
}
