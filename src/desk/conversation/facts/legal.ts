import type { LegalIssue } from './schema.ts'
import { compact, isQuestion, looksLikeSentence, refersBack } from './text.ts'

/**
 * What the matter is about. Checked in this order, and the first that matches wins: a work
 * injury has the shortest deadlines (the employer has 30 days to apply for 工伤认定, the
 * worker one year), then losing the job, then what runs on (insurance, hours, the contract).
 */
const issues: [LegalIssue, RegExp][] = [
  ['work_injury', /工伤|受伤|受了伤|摔(?:伤|断|下来|坏)|砸(?:伤|到|断)|压(?:伤|断|到)|切(?:到|断|掉)了?手|夹(?:伤|断|到)|骨折|伤残|伤情|职业病|尘肺|烫伤|烧伤|工亡|出事故|出了事故/],
  ['dismissal', /开除|辞退|解雇|炒(?:了)?(?:我|我们)?(?:的)?鱿鱼|被炒|被裁|裁员|裁掉|劝退|赶(?:我)?走|不让(?:我)?(?:干|上班|来)|不要我了|让我走人|叫我走人|解除(?:劳动)?合同|把我开了|把我辞了/],
  ['social_insurance', /社保|五险|医保|养老保险|失业保险|工伤保险|生育保险|公积金|(?:没|不)(?:给|帮)?(?:我)?(?:交|缴|买)(?:保险|社保)/],
  ['overtime', /加班|超时|996|没有休息|不让休息|不给休息|没(?:有)?双休|调休|一天(?:干|做|上)?(?:十|12|13|14|15|16)|周末(?:也)?(?:要)?上班|工时/],
  ['contract', /合同|试用期|押金|扣(?:了|着|住)?(?:我)?(?:的)?(?:身份证|证件)|违约金|竞业/],
]

export function legalIssue(t: string, opts: { bare?: boolean } = {}): LegalIssue | null {
  for (const [issue, re] of issues) if (re.test(t)) return issue
  // A short answer we cannot place is still an answer: the worker told us what it is about.
  const c = compact(t)
  if (opts.bare && [...c].length >= 2 && !isQuestion(c) && !refersBack(c)) return 'other'
  return null
}

const N = '[\\d零〇一二两俩三仨四五六七八九十几半]+'
/** When it began, in the worker's words: 2025年3月, 去年十月, 上个月, 三个月了, 前天. */
const sincePatterns = [
  new RegExp(`(?:\\d{4}|[零〇一二三四五六七八九]{4}|去|今|前)年(?:${N}月份?(?:${N}[日号])?)?(?:初|底|中|年底|年初)?(?:开始|以来|起|的时候)?`),
  new RegExp(`${N}月份?(?:${N}[日号])?(?:初|底|中旬|上旬|下旬)?(?:开始|以来|起|的时候)?`),
  new RegExp(`${N}(?:多)?(?:个)?(?:多)?(?:月|年|天|周|星期|礼拜)(?:多)?(?:了|前|以前|之前|左右)`),
  // 两年没交社保: how long it has gone on.
  new RegExp(`${N}(?:多)?(?:个)?(?:多)?(?:月|年)(?:多)?(?=(?:都|一直|也)?(?:没|不|未))`),
  /上个?月(?:初|底)?|这个月(?:初)?|上个?(?:星期|礼拜)|上周|前几天|前天|昨天|今天|前段时间|年前|年后|过年(?:前|后)|春节(?:前|后)|月初|月底/,
].map((re) => new RegExp(re.source, 'g'))
/** 干了三年了 is how long they worked there, not when the trouble began. */
const tenureBefore = /(?:干了|做了|工作了|上了|待了|呆了|来了|干|做|上班)$/

export function since(t: string, opts: { bare?: boolean } = {}): string | null {
  let best = ''
  for (const re of sincePatterns) {
    for (const m of t.matchAll(re)) {
      if (!tenureBefore.test(t.slice(0, m.index)) && m[0].length > best.length) best = m[0]
    }
  }
  if (best) return best
  const c = compact(t)
  if (opts.bare && [...c].length <= 15 && /年|月|天|周|星期|礼拜|号|日|久|前|后|初|底/.test(c) && !looksLikeSentence(c)) return c
  return null
}
