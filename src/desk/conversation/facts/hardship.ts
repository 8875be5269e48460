import { findMoney } from './money.ts'
import { bareNumber, bareUnits } from './numbers.ts'
import type { HardshipCause } from './schema.ts'
import { compact, isQuestion, refersBack } from './text.ts'

const N = '([\\d一二两三四五六七八九十]+)'
const sizePatterns = [new RegExp(`一家${N}口`), new RegExp(`${N}口(?:人|之家)`), new RegExp(`(?:家里|家中|我家|我们家|全家)(?:有|一共|共|总共|就)?${N}(?:个)?(?:人|口)`)]
const aloneAtHome = /(?:家里|家中)?(?:就|只有)我一个(?:人)?(?!养|带|挣|赚|干)/

/** How many people live in the household: 一家四口, 家里五口人, 我们家三个人. */
export function householdSize(t: string, opts: { bare?: boolean } = {}): number | null {
  for (const re of sizePatterns) {
    const m = re.exec(t)
    const n = m ? bareNumber(m[1]!) : null
    if (n !== null && Number.isInteger(n) && n >= 1 && n <= 50) return n
  }
  if (aloneAtHome.test(t) && /家/.test(t)) return 1
  if (!opts.bare) return null
  if (/^(?:就|只有)?我(?:一个人?|自己)(?:了|吧)?$/.test(compact(t))) return 1
  const n = bareNumber(t, bareUnits.household)
  if (n !== null) return Number.isInteger(n) && n >= 1 && n <= 50 ? n : null
  return membersListed(compact(t))
}

// 我和老婆 还有两个孩子: the answer lists the household, so count it.
const members: [RegExp, number][] = [
  [/爸妈|父母|公婆|岳父母|爷爷奶奶|外公外婆/g, 2],
  [/我(?!们|家)|老婆|老公|爱人|媳妇|丈夫|妻子|爸爸?|妈妈?|父亲|母亲|公公|婆婆|岳父|岳母|爷爷|奶奶|外公|外婆|哥哥?|弟弟?|姐姐?|妹妹?/g, 1],
]
const children = new RegExp(`(${'[\\d一二两三四五六七八九]'})?个?(?:孩子|小孩|儿子|女儿|娃)`, 'g')

function membersListed(c: string): number | null {
  if (!/^[我和跟与还有及以及、老婆公爱人媳妇丈夫妻子爸妈父母亲公婆岳爷奶外哥弟姐妹孩子小儿女娃个\d一二两三四五六七八九]+$/.test(c)) return null
  let n = 0
  let rest = c
  for (const m of rest.matchAll(children)) n += m[1] ? bareNumber(m[1]) ?? 1 : 1
  rest = rest.replace(children, '')
  for (const [re, k] of members) {
    n += (rest.match(re) ?? []).length * k
    rest = rest.replace(re, '')
  }
  return n >= 1 && n <= 20 ? n : null
}

const incomeCue = /(?:收入|挣|赚|工资|月入|到手|进账|低保|养老金|退休金|拿|领|靠|补助)[^花看病欠借费住治手术房贷交]{0,8}$/
const totalCue = /(?:一共|总共|加起来|全家|家里|家庭)[^花看病欠借费住治手术房贷交]{0,8}$/
const noIncome = /没(?:有)?(?:任何)?(?:收入|经济来源|进账)|零收入|收入(?:为|是)?(?:零|0)(?!\d)|一分(?:钱)?(?:收入)?都没有/

/**
 * The household's income in yuan a month. A yearly figure is divided by 12. Two figures
 * with no word saying which is the household's total are left out: adding them up, or
 * choosing one, would be a guess.
 */
export function householdIncome(t: string, opts: { bare?: boolean } = {}): number | null {
  if (noIncome.test(t)) return 0
  const sums = findMoney(t, { bare: true }).filter((m) => {
    const head = t.slice(Math.max(0, m.start - 10), m.start)
    return m.per !== 'day' && m.per !== 'hour' && (opts.bare || incomeCue.test(head) || totalCue.test(head))
  })
  const monthly = (m: (typeof sums)[number]) => (m.per === 'year' ? Math.round(m.value / 12) : m.value)
  const total = sums.find((m) => totalCue.test(t.slice(Math.max(0, m.start - 10), m.start)))
  if (total) return monthly(total)
  if (sums.length === 1) return monthly(sums[0]!)
  if (opts.bare && /^(?:没有|没|无|零|0)(?:收入)?(?:的|啊)?$/.test(compact(t))) return 0
  return null
}

/** Checked in order; the first that matches is the cause. */
const causes: [HardshipCause, RegExp][] = [
  ['illness', /身体不好|身体差|生病|得病|病了|重病|大病|住院|癌|肿瘤|白血病|尿毒症|透析|化疗|放疗|手术|中风|脑梗|脑溢血|心脏病|糖尿病|肝病|肾病|治病|看病|医药费|医疗费|病重|患病|抑郁/],
  ['disability', /残疾|残障|残疾证|截肢|瘫痪|失明|瞎了|聋|哑|肢残|智力障碍|智障/],
  ['disaster', /火灾|着火|失火|房子烧|台风|洪水|水灾|发大水|地震|泥石流|塌方|房子塌|倒塌|冰雹|受灾|遭灾/],
  ['school_fees', /学费|上学|读书|上大学|考上|助学|书费|念书|读大学|读高中|上高中/],
  ['unemployment', /失业|下岗|没(?:有)?工作|找不到(?:工作|活)|没活(?:干)?|倒闭|停产|关门|被裁|裁员|待业|没事做|没班上/],
]

export function hardshipCause(t: string, opts: { bare?: boolean } = {}): HardshipCause | null {
  for (const [cause, re] of causes) if (re.test(t)) return cause
  const c = compact(t)
  if (opts.bare && [...c].length >= 2 && !isQuestion(c) && !refersBack(c)) return 'other'
  return null
}
