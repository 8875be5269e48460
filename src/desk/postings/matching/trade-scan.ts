import { foldJobText } from './normalize.ts'
import { jobSegmenter, tokensWithOffsets } from './segmenter.ts'
import { broaderTerms, tradeVocabulary, type TradeVocabulary } from './trades.ts'

/** A trade word found in folded text: its canonical term and where it stands. */
export type TradeMatch = { term: string; word: string; start: number; end: number }

/**
 * Verbs of a job ad that jieba joins to the next character: 招数|控 (急招数控), 招安|保,
 * 找出|纳, 开挖|机. A trade word may start right after them.
 */
const leadingVerbs = new Set(['招', '聘', '找', '做', '当', '干', '要', '需', '开', '会'])

/** Where words may start and end: jieba's boundaries, after a leading verb, and between letters and digits (cnc2名). */
function boundaries(folded: string, vocab: TradeVocabulary) {
  const tokens = tokensWithOffsets(jobSegmenter(vocab.wordList), folded)
  const starts = new Set<number>()
  const ends = new Set<number>()
  for (const t of tokens) {
    starts.add(t.start)
    ends.add(t.end)
    if (t.text.length >= 2 && leadingVerbs.has(t.text[0]!)) starts.add(t.start + 1)
    for (let i = t.start + 1; i < t.end; i++) {
      if (/[a-z]/.test(folded[i - 1]!) !== /[a-z]/.test(folded[i]!) && /[a-z0-9]/.test(folded[i - 1]! + folded[i]!)) {
        starts.add(i)
        ends.add(i)
      }
    }
  }
  return { starts: [...starts].sort((a, b) => a - b), ends: [...ends].sort((a, b) => a - b) }
}

/**
 * Trade words in folded text (foldJobText), left to right. A word counts where jieba's
 * word boundaries are, longest first, so 保安 is not read in 确保安全 nor 司机 in 公司机构,
 * and 缝纫车工 is one trade, not 车工. Words of three or more Han characters also count
 * inside a longer jieba word, where jieba joined a trade word to its neighbour.
 */
export function scanTrades(folded: string, vocab: TradeVocabulary = tradeVocabulary()): TradeMatch[] {
  const { starts, ends } = boundaries(folded, vocab)
  const found: TradeMatch[] = []
  let cursor = 0
  let last = 0 // index into ends (ascending) of the last end within reach of start
  for (const start of starts) {
    if (start < cursor) continue
    while (last + 1 < ends.length && ends[last + 1]! <= start + vocab.longestWord) last++
    for (let e = last; e >= 0 && ends[e]! > start; e--) {
      const end = ends[e]!
      if (end - start > vocab.longestWord) continue
      const word = folded.slice(start, end)
      const term = vocab.words.get(word)
      if (term === undefined) continue
      found.push({ term, word, start, end })
      cursor = end
      break
    }
  }
  found.push(...looseMatches(folded, found, vocab))
  found.sort((a, b) => a.start - b.start)
  return found.map((m) => contextualReading(folded, m, vocab))
}

function looseMatches(folded: string, taken: readonly TradeMatch[], vocab: TradeVocabulary): TradeMatch[] {
  const free = (start: number, end: number) => taken.every((m) => end <= m.start || start >= m.end)
  const out: TradeMatch[] = []
  for (let start = 0; start < folded.length; start++) {
    const word = vocab.looseWords.get(folded[start]!)?.find((w) => folded.startsWith(w, start) && free(start, start + w.length))
    if (word === undefined) continue
    out.push({ term: vocab.words.get(word)!, word, start, end: start + word.length })
    start += word.length - 1
  }
  return out
}

function contextualReading(folded: string, m: TradeMatch, vocab: TradeVocabulary): TradeMatch {
  const reading = vocab.contextual.find((c) => c.variant === m.word && c.whenAny.some((cue) => folded.includes(cue)))
  return reading ? { ...m, term: reading.term } : m
}

/**
 * The terms of the matches, in the order first named, each once. Of two words side by side
 * where one trade is a broader term of the other, the narrower stands for both: a2驾照司机
 * is a 货车司机 (not every 司机), 船厂舾装工 a 舾装工.
 */
export function termsOf(matches: readonly TradeMatch[], folded: string, vocab: TradeVocabulary = tradeVocabulary()): string[] {
  const dropped = new Set<number>()
  for (let i = 0; i + 1 < matches.length; i++) {
    const [a, b] = [matches[i]!, matches[i + 1]!]
    if (folded.slice(a.end, b.start).trim() !== '') continue
    if (vocab.broader.get(a.term)?.includes(b.term)) dropped.add(i + 1)
    else if (vocab.broader.get(b.term)?.includes(a.term)) dropped.add(i)
  }
  return [...new Set(matches.filter((_, i) => !dropped.has(i)).map((m) => m.term))]
}

/**
 * Canonical trade terms named in free text, in the order first named, each once:
 * '招聘电焊工3名' → ['焊工'], '叉車司機' → ['叉车司机'].
 */
export function tradeTerms(text: string): string[] {
  const folded = foldJobText(text)
  return termsOf(scanTrades(folded), folded)
}

/**
 * The terms a posting is found under: the trades of its trade and title, then every broader
 * term of those (a 货车司机 posting is also under 司机). The requirements count only when
 * trade and title name no trade: there a trade is usually a certificate asked for (有叉车证
 * 优先 in a 仓管员 posting), not the job.
 */
export function postingTerms(p: { title: string; trade: string; requirements?: string }): string[] {
  const own = tradeTerms(`${p.trade}\n${p.title}`)
  const direct = own.length > 0 ? own : tradeTerms(p.requirements ?? '')
  return [...new Set([...direct, ...direct.flatMap((t) => broaderTerms(t))])]
}
