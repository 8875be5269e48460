import { toSimplified } from '../../../text/script.ts'

// Slips common in typed and voice-typed messages, fixed before the rules read them.
const slips: [RegExp, string][] = [
  [/工姿|公资|工滋|功资/g, '工资'],
  [/老版|劳板|老扳/g, '老板'],
  [/脱欠|托欠/g, '拖欠'],
  [/合通|和同|合桐/g, '合同'],
  [/木有|冇/g, '没有'],
  [/设保|社宝/g, '社保'],
  [/公伤/g, '工伤'],
  [/欠新/g, '欠薪'],
]

/**
 * Half-width (NFKC turns ８０００ into 8000 and ， into ,), Simplified, lower case, with
 * the commonest slips fixed and thousands separators dropped (24,000 → 24000). Every rule
 * reads this form, and the text values it keeps are cut from it.
 */
export function normaliseText(text: string): string {
  let t = toSimplified(text.normalize('NFKC')).toLowerCase()
  for (const [re, to] of slips) t = t.replace(re, to)
  return t.replace(/(\d),(?=\d{3}(?!\d))/g, '$1').replace(/\s+/g, ' ').trim()
}

/** What a worker writes for "I don't know" or "skip": 不知道, 不清楚, 跳过, 不想说, 忘了. */
export const skipWords = '不知道|不清楚|不太清楚|不大清楚|不是很清楚|不太知道|不太记得|不是很确定|不晓得|不记得|记不清|记不得|记不住|忘了|忘记了|说不清|说不好|不好说|搞不清|弄不清|不确定|跳过|不想说|不愿说|不愿意说|不方便说|不方便透露|不告诉你|保密|没法说|pass|skip'

// A filler a bare skip may carry: 我也不知道啊, 这个真不清楚, 跳过吧.
const bareSkip = new RegExp(`^(?:我|这个|那个|具体|确实|真的|真|也|都|还|实在|暂时|先)*(?:${skipWords})(?:了|呢|啊|哦|呀|哈|的|吧|诶|欸)*$`)

// Not . and -: they join numbers (1.5万, 5000-8000).
const punctuation = /[\s,!?;:、，。！？；：…~～"'“”‘’()（）【】\[\]<>《》]+/g

/** The text with punctuation and spaces removed, for matching a whole short answer. */
export const compact = (t: string) => t.replace(punctuation, '').replace(/(?<!\d)[.-]+|[.-]+(?!\d)/g, '')

/** The whole message is "don't know" or "skip", in any of its common forms. */
export const isBareSkip = (t: string) => bareSkip.test(compact(t))

/** Clauses, split at punctuation and spaces (workers often use spaces as commas). */
export const clauses = (t: string) => t.split(punctuation).filter(Boolean)

/**
 * A short answer with the usual padding taken off both ends: 是宏达建筑的 → 宏达建筑,
 * 就在定海这边 → 定海. Returns '' when nothing is left.
 */
export function stripAnswer(t: string): string {
  return compact(t)
    .replace(/^(?:嗯|哦|噢|好的|是的|就是|应该是|好像是|大概是|可能是|是|叫什么|叫啥|叫做|叫|我们|我|在|就在|目前在|现在在|以前在|之前在|单位是|公司是|公司叫|厂叫|名字叫)+/, '')
    .replace(/(?:干活|上班|打工|做事|工作|那边|这边|那里|这里|那块|附近|一带|的|啊|呀|吧|哦|呢|哈|了|吗)+$/, '')
}

/** An answer that is itself a question or a sentence about the worker, not a name or a place. */
export const looksLikeSentence = (t: string) => /[?？吗呢]|什么|怎么|为什么|多久|啥|谁|能不能|可不可以|我|你|他|她|想|要/.test(t)

/** A question back, not an answer: 什么意思, 要写什么吗. */
export const isQuestion = (t: string) => /[?？吗]|什么|怎么|为什么|啥意思|哪个/.test(t)

/** 就是我刚才说的: the answer is in an earlier message, not this one. */
export const refersBack = (t: string) => /刚才|刚刚|上面|前面|之前说|说过|说了/.test(t)
