import { z } from 'zod'
import { emergencyPhrase } from '../../classify/embedded/lexicon.ts'
import { Category } from '../../classify/types.ts'
import { toSimplified } from '../../text/script.ts'

/**
 * The union's knowledge base (prompts/knowledge/<slug>.md, kept by cadres): ready answers
 * to the general questions workers ask again and again, each ending with the way to a
 * person. matchKnowledge answers only a general question; a worker's own case, a greeting,
 * a complaint or anything urgent gets null, so intake opens a ticket for a cadre as before.
 * Answers are Simplified Chinese: send them through inScript(answer, detectScript(text)).
 */

export const KnowledgeEntry = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, '文件名只能用小写字母、数字和连字符'),
  title: z.string().trim().min(1, '标题是空的'),
  keywords: z.array(z.string().trim().min(1, '有一个关键词是空的')).min(1, '至少写一个关键词'),
  category: Category.optional(),
  // WeChat's text limit is 2048 bytes; the files aim at about 400 characters.
  answer: z.string().trim().min(1, '回答（第二条横线下面的内容）是空的').max(600, '回答超过600字了，聊天里的回答要短一些'),
})
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>
export type KnowledgeBase = { entries: KnowledgeEntry[] }

const fields = ['title', 'keywords', 'category'] as const

/**
 * files: slug (or file name) → file text. README is skipped. Throws a clear error naming
 * the file on a bad front matter. Entries come out in slug order, whatever the directory's.
 */
export function parseKnowledge(files: Record<string, string>): KnowledgeBase {
  const entries = Object.entries(files)
    .map(([name, text]) => [name.replace(/\.md$/i, ''), text] as const)
    .filter(([slug]) => slug.toLowerCase() !== 'readme')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([slug, text]) => parseEntry(slug, text))
  return { entries }
}

function parseEntry(slug: string, text: string): KnowledgeEntry {
  // Typed on the name, so TypeScript narrows after a call to it.
  const fail: (why: string) => never = (why) => {
    throw new Error(`知识库条目 ${slug}.md：${why}`)
  }
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')
  const start = lines.findIndex((l) => l.trim() !== '')
  if (start < 0 || lines[start]!.trim() !== '---') fail('开头要有两条 --- 横线，中间写标题和关键词')
  const end = lines.findIndex((l, i) => i > start && l.trim() === '---')
  if (end < 0) fail('标题和关键词下面少了结束的 --- 横线')

  const found: Record<string, string | string[]> = {}
  let list: string[] | undefined // the field a "- item" line adds to
  for (const raw of lines.slice(start + 1, end)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const item = /^-\s+(.*)$/.exec(line)
    if (item) {
      if (!list) fail(`“${line}”是列表的一项，但上面没有写它属于哪一栏`)
      list.push(unquote(item[1]!))
      continue
    }
    const m = /^([A-Za-z_]+)\s*[:：]\s*(.*)$/.exec(line) // cadres' keyboards often give the full-width colon
    if (!m) fail(`看不懂这一行：“${line}”（应该写成“栏目: 内容”）`)
    const key = m[1]!.toLowerCase()
    const value = m[2]!.trim()
    if (!(fields as readonly string[]).includes(key)) fail(`没有“${key}”这一栏（能写的是 ${fields.join('、')}）`)
    if (key in found) fail(`“${key}”这一栏写了两次`)
    list = undefined
    if (key === 'keywords' || value === '') found[key] = list = value === '' ? [] : splitList(value, fail)
    else found[key] = unquote(value)
  }
  for (const key of ['title', 'keywords'] as const) if (!(key in found)) fail(`少了“${key}”这一栏`)

  const parsed = KnowledgeEntry.safeParse({ slug, ...found, answer: lines.slice(end + 1).join('\n') })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return fail(`${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
  }
  return parsed.data
}

function splitList(value: string, fail: (why: string) => never): string[] {
  let v = value
  if (v.startsWith('[') || v.startsWith('【')) {
    if (!/[\]】]$/.test(v)) fail(`列表“${value}”少了结尾的“]”`)
    v = v.slice(1, -1)
  }
  return v.split(/[,，、;；]/).map(unquote).filter((w) => w !== '')
}

const unquote = (s: string) => s.trim().replace(/^(["'“‘])(.*)(["'”’])$/, '$2').trim()

// ---- Matching -------------------------------------------------------------------------

/** The least score that answers: one two-character keyword, or one English word. */
const minScore = 2
/** Longer than this (Han characters) is a story, not a question. */
const maxHan = 80
const maxLatinWords = 30

const questionCue = new RegExp([
  '[?]', '怎么', '怎样', '咋', '如何', '什么', '啥', '哪', '谁', '多少', '多久', '多长', '几[天个号点年月岁次种样]',
  '能否', '可否', '是否', '[吗嘛么呢]', '请问', '咨询', '想问', '问一?下', '了解一下', '想了解', '想知道',
  '(\\p{Script=Han})[不没]\\1', // A-not-A: 能不能, 管不管, 有没有
  '\\b(how|what|where|when|which|who)\\b', '^(can|could|should|do|does|is|are|will|may)\\b',
].join('|'), 'u')

// "Why", "no one answers", "useless": a complaint about the union is for a person to hear.
const complaint = /为什么|为啥|凭什么|怎么回事|怎么(还|都|一直|老是)(没|不)|没人(接|管|理|回)|不管事|不作为|敷衍|骗子|骗人|垃圾|踢皮球|投诉你们|\bwhy\b/

// Asking frames that put "I" in a general question ("我想问一下…", "我能申请…吗"), removed
// before looking for a person in the story. "我该怎么办" is not one: it asks about a case.
const askingFrames = new RegExp([
  '(我|俺)们?就?(想|要|来)?(问|请问|咨询|打听|了解|知道)(一下|一哈|下|问)?',
  '帮(我|俺)?的?(朋友|同事|家人|亲戚|老乡|工友)?(问|咨询|打听)(一下|下|问)?',
  '(我|俺)(想|要|准备|打算)?申请',
  '(我|俺)(能|能不能|可以|可不可以|能否|可否|该|应该|需要|要|得)(带|准备|交|提交|去|找|申请|办|参加|报|享受|领)',
  '(我|俺)(能|可以)',
  '(我|俺)是[^，,。.?？!！]{0,8}?(职工|员工|工人|农民工|务工人员|会员)',
  '\\b(how|what|where|when|which|who)\\s+(do|can|could|should|would|shall|must|may)\\s+i\\b',
  '\\b(can|could|may|should|do|shall)\\s+i\\b',
  "\\bi\\s*(want|would like|'d like|need)\\s+to\\s+(know|ask|apply|find out|learn)\\b",
  '\\btell\\s+me\\b',
].join('|'), 'gu')

// Someone in the story: the worker, family, a workmate. 我国/我市 are not people; 其他 is not 他,
// and a 单亲妈妈 is a kind of household, not somebody's mother.
const person = /我(?![国省市区县])|俺|咱|本人|(?<!其)[他她]|老公|老婆|媳妇|丈夫|妻子|爱人|老乡|同事|工友|亲戚|朋友|[爸妈]|父亲|母亲|儿子|女儿|\b(i|me|my|mine|we|us|our)\b/u

// Something an employer did, or does not do: "单位不给交社保", "公司拖欠工资 怎么办" tell of a
// case even without 我 in them. The desk opens a ticket for those; a cadre answers the question in it.
const doneByEmployer = /(单位|公司|厂里?|工厂|老板|老板娘|工地|包工头|项目部|领导|经理|主管|企业|平台)(一直|总是|又|就|都|还|也)?(不给|不发|没发|没给|拖欠|欠|克扣|扣了?|辞退|开除|炒了?|不交|没交|没有交|不签|没签|不让|不肯|不认|不赔|不管|强迫|逼)/

// Particulars of a case: sums of money, how long it has gone on, dates.
const particulars = [
  /[0-9零一二两三四五六七八九十几][0-9零一二两三四五六七八九十百千万几]*多?(块|元|万)/,
  /(了|都|已经|整整|快|差不多)[0-9一二两三四五六七八九十百半好几]+多?个?多?(月|天|年|周|星期|礼拜|小时)/,
  /[0-9二两三四五六七八九十百半]+多?个?多?(月|天|年|周|星期|礼拜)(?!以?内|之内)/, // not 一 (仲裁时效一年), not a rule's 30天内
  /上上?个?月|上周|上星期|上礼拜|昨天|前天|今天|今早|今晚|刚才|刚刚|刚(入职|进厂|上班|来)|去年|前年|年前|月初|月底|过年前/,
  /[0-9一二三四五六七八九十]+月份?[0-9一二三四五六七八九十]+[号日]|[0-9]+号/,
]

const normalise = (s: string) => toSimplified(s.normalize('NFKC')).toLowerCase()
const compactOf = (s: string) => s.replace(/[^\p{Script=Han}\p{L}\p{N}]+/gu, '')
const latinWords = (s: string) => s.match(/[a-z0-9']+/g) ?? []
/** Plurals and their singular alike: injuries/injury, wages/wage. */
const stem = (w: string) => w.replace(/ies$/, 'y').replace(/(?<=[^s])s$/, '')
const isHan = (c: string) => /\p{Script=Han}/u.test(c)

/** Why the message is not a general question, or null when it is one. */
function notGeneral(t: string, compact: string): string | null {
  const han = [...compact].filter(isHan).length
  if (han > maxHan || latinWords(t).length > maxLatinWords) return 'long'
  if (!questionCue.test(t)) return 'not a question'
  if (emergencyPhrase(compact)) return 'urgent'
  if (complaint.test(t)) return 'complaint'
  if (person.test(t.replace(/其他|其它|单亲(妈妈|爸爸)|宝妈/g, '').replace(askingFrames, ' '))) return 'own case'
  if (particulars.some((re) => re.test(compact)) || doneByEmployer.test(compact)) return 'own case'
  return null
}

type Prepared = { entry: KnowledgeEntry; han: string[][]; latin: string[][] }
const preparedFor = new WeakMap<KnowledgeBase, Prepared[]>()

/** Keywords normalised like messages, once per knowledge base (treat a base as immutable). */
function prepare(kb: KnowledgeBase): Prepared[] {
  let prepared = preparedFor.get(kb)
  if (!prepared) {
    prepared = kb.entries.map((entry) => {
      const han: string[][] = []
      const latin: string[][] = []
      for (const k of entry.keywords) {
        const n = normalise(k)
        if (/[a-z]/.test(n) && !/\p{Script=Han}/u.test(n)) latin.push(latinWords(n))
        else if (compactOf(n)) han.push([...compactOf(n)])
      }
      return { entry, han, latin }
    })
    preparedFor.set(kb, prepared)
  }
  return prepared
}

/**
 * How much of the message the entry's keywords account for: each character covered by a
 * keyword counts 1 (overlapping keywords count once), each English word 2. A keyword of
 * four or more Han characters also matches with one character after its first mistyped
 * (劳动仲栽, 医疗互组); the mistyped character does not count.
 */
function scoreOf(p: Prepared, chars: string[], words: string[]): number {
  const covered = new Set<number>()
  for (const kw of p.han) {
    let exact = false
    for (let s = 0; s + kw.length <= chars.length; s++) {
      if (kw.every((c, i) => chars[s + i] === c)) {
        exact = true
        kw.forEach((_, i) => covered.add(s + i))
      }
    }
    if (exact || kw.length < 4 || !kw.every(isHan)) continue
    for (let s = 0; s + kw.length <= chars.length; s++) {
      const off = kw.flatMap((c, i) => (chars[s + i] === c ? [] : [i]))
      if (off.length === 1 && off[0]! > 0 && isHan(chars[s + off[0]!]!)) kw.forEach((_, i) => i !== off[0] && covered.add(s + i))
    }
  }
  const coveredWords = new Set<number>()
  for (const kw of p.latin) {
    for (let s = 0; s + kw.length <= words.length; s++) {
      if (kw.every((w, i) => stem(words[s + i]!).startsWith(stem(w)))) kw.forEach((_, i) => coveredWords.add(s + i))
    }
  }
  return covered.size + 2 * coveredWords.size
}

/**
 * The entry answering a general question, or null. Only questions match (怎么/如何/什么/
 * 哪里/能不能/可以…吗/？, 'how', 'what'), and only when the message is about the topic in
 * general, not a narrative of the worker's own case ('老板欠我三个月工资' → null: a case
 * for a cadre; '欠薪了工会能帮什么忙，要带什么材料？' → the unpaid-wages entry). Two
 * entries scoring the same is null too: a person sorts out which was meant.
 */
export function matchKnowledge(kb: KnowledgeBase, text: string): { entry: KnowledgeEntry; score: number } | null {
  const t = normalise(text).trim()
  const compact = compactOf(t)
  if (!compact || notGeneral(t, compact)) return null
  const chars = [...compact]
  const words = latinWords(t)
  const ranked = prepare(kb)
    .map((p) => ({ entry: p.entry, score: scoreOf(p, chars, words) }))
    .filter((r) => r.score >= minScore)
    .sort((a, b) => b.score - a.score)
  const [best, next] = ranked
  if (!best || (next && next.score === best.score)) return null
  return best
}
