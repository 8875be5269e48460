import type { Category } from '../../../classify/types.ts'
import { bareEmployer, findEmployer } from './employer.ts'
import { hardshipCause, householdIncome, householdSize } from './hardship.ts'
import { expectedPay, skills, trade } from './job.ts'
import { legalIssue, since } from './legal.ts'
import { owedAmount } from './money.ts'
import { bestPlace } from './places.ts'
import { factValues, type FactKey, type Facts } from './schema.ts'
import { factSpecs } from './specs.ts'
import { clauses, compact, isBareSkip, looksLikeSentence, normaliseText, skipWords, stripAnswer } from './text.ts'
import { contractSigned, owedMonths, workersOwed } from './wage.ts'

type Value = Exclude<Facts[FactKey], undefined | 'unknown'>
/** One fact's rule. `bare`: the text is the worker's answer to this very question. */
type Rule = (t: string, bare: boolean) => Value | null

// Where, but not a place a cadre can find: 村里, 老家, 附近.
const vaguePlaces = /^(?:村里|镇上|城里|县城|市里|市区|老家|家里|家附近|本地|当地|这里|那里|外地|附近|这边|那边|工地|厂里)$/

function place(t: string, bare: boolean, anyWord: string | null): string | null {
  const found = bestPlace(t, { bare, inside: findEmployer(t) })
  if (found) return found.value
  if (!bare) return null
  if (anyWord && /^(?:都行|都可以|哪里都行|哪都行|随便|无所谓|不限)/.test(compact(t))) return anyWord
  const s = stripAnswer(t)
  return [...s].length >= 2 && [...s].length <= 15 && !looksLikeSentence(s) && !vaguePlaces.test(s) && !/\d|没|不/.test(s) ? s : null
}

const rules: Record<FactKey, Rule> = {
  employer: (t, bare) => findEmployer(t)?.value ?? (bare ? bareEmployer(t) : null),
  workplace: (t, bare) => place(t, bare, null),
  amountOwed: (t, bare) => owedAmount(t, { bare }),
  monthsOwed: (t, bare) => owedMonths(t, { bare }),
  workersAffected: (t, bare) => workersOwed(t, { bare }),
  contract: (t, bare) => contractSigned(t, { bare }),
  issue: (t, bare) => legalIssue(t, { bare }),
  since: (t, bare) => since(t, { bare }),
  trade: (t, bare) => trade(t, { bare }),
  place: (t, bare) => place(t, bare, '不限'),
  expectedPay: (t, bare) => expectedPay(t, { bare }),
  skills: (t, bare) => skills(t, { bare }),
  householdSize: (t, bare) => householdSize(t, { bare }),
  householdIncome: (t, bare) => householdIncome(t, { bare }),
  hardshipCause: (t, bare) => hardshipCause(t, { bare }),
}

const skip = `(?:我)?(?:也|都|真|还)?(?:${skipWords})`
/** "I don't know" about one fact, said in passing: 公司名字不知道, 具体多少钱不清楚. */
const skippedTopics: Partial<Record<FactKey, RegExp>> = {
  employer: new RegExp(`(?:公司|单位|厂|老板)(?:的)?(?:名字|名称|全称|叫什么|叫啥|是哪家)${skip}`),
  workplace: new RegExp(`(?:具体)?(?:地址|地点|哪个区|在哪)${skip}`),
  amountOwed: new RegExp(`(?:具体)?(?:多少钱|金额|钱数|数目|欠多少|一共多少|总共多少)${skip}`),
  monthsOwed: new RegExp(`(?:几个月|多少个月|多久)${skip}`),
  workersAffected: new RegExp(`(?:多少人|几个人|多少个人|几个工友)${skip}`),
  contract: new RegExp(`(?:合同|有没有(?:签)?(?:劳动)?合同|签没签(?:合同)?)(?:的事)?${skip}`),
  householdIncome: new RegExp(`收入(?:多少)?${skip}`),
}

/** 不知道具体多少, 不清楚叫什么: a skip of the question itself, unlike 不知道怎么办. */
const skipOfQuestion = new RegExp(`(?:${skipWords})(?:具体|确切|到底)?(?:有|是|欠了?)?(?:多少|几个|几|叫什么|叫啥|是哪|哪家|在哪|什么时候|哪天|多久)`)

/** Longer messages are cut: the facts are near the start, and the rules' time stays flat. */
const maxChars = 2000

const valid = (key: FactKey, v: unknown) => factValues[key].safeParse(v).success

/**
 * Every fact found in the text. `asked` is the key the desk just asked, so a bare answer
 * ('五个', '有', '没签', '3个月', '不知道') fills it. Text values are cut from the message
 * in Simplified characters. A rule that is unsure leaves its key out.
 */
export function extractFacts(category: Category, text: string, opts: { asked?: FactKey } = {}): Partial<Facts> {
  const t = normaliseText([...text].slice(0, maxChars).join(''))
  const keys = factSpecs[category].map((s) => s.key)
  const out: Partial<Record<FactKey, unknown>> = {}
  if (!t) return {}
  for (const key of keys) {
    const v = rules[key](t, false)
    if (v !== null && valid(key, v)) out[key] = v
  }
  const asked = opts.asked && keys.includes(opts.asked) ? opts.asked : undefined
  if (asked && out[asked] === undefined) {
    const answer = bareAnswer(t, asked, keys) ?? (skipOfQuestion.test(t) ? 'unknown' : null)
    if (answer !== null) out[asked] = answer
  }
  for (const key of keys) {
    if (out[key] === undefined && skippedTopics[key]?.test(t)) out[key] = 'unknown'
  }
  return out as Partial<Facts>
}

/**
 * The answer to the question asked: the whole message when no other fact's rule claims a
 * part of it, else the first clause that none claims ('宏达 定海' answers "which unit" with 宏达).
 */
function bareAnswer(t: string, asked: FactKey, keys: FactKey[]): Value | 'unknown' | null {
  const others = keys.filter((k) => k !== asked)
  const parts = clauses(t)
  const whole = parts.length <= 1 || !others.some((k) => rules[k](t, false) !== null)
  for (const part of whole ? [t] : parts) {
    if (isBareSkip(part)) return 'unknown'
    if (!whole && others.some((k) => rules[k](part, false) !== null)) continue
    const v = rules[asked](part, true)
    if (v !== null && valid(asked, v)) return v
  }
  return null
}
