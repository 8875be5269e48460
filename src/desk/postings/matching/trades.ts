import raw from '../../../../data/trades.json' with { type: 'json' }
import { foldJobText } from './normalize.ts'

export type Trade = { term: string; variants: readonly string[]; broader: readonly string[] }

/** A bare word read as another trade when the text also has a cue: 车工 in a garment factory sews. */
export type ContextualReading = { variant: string; term: string; whenAny: readonly string[] }

export type TradeVocabulary = {
  trades: ReadonlyMap<string, Trade>
  /** Every word of every trade, folded (foldJobText) → its canonical term. */
  words: ReadonlyMap<string, string>
  /** The same words as a list, for the segmenter. */
  wordList: readonly string[]
  /** The length of the longest word, in UTF-16 units. */
  longestWord: number
  /** Words of three or more Han characters by first character, longest first: the ones read inside longer jieba words. */
  looseWords: ReadonlyMap<string, readonly string[]>
  /** term → every broader term, transitively, nearest first. */
  broader: ReadonlyMap<string, readonly string[]>
  contextual: readonly ContextualReading[]
}

type RawVocabulary = {
  trades: { term: string; variants?: string[]; broader?: string[] }[]
  contextual?: ContextualReading[]
}

/**
 * Checks and indexes a vocabulary (data/trades.json): a word under two trades, a broader
 * term that is no trade, or a loop of broader terms is an error, found at the first match
 * rather than as a silently wrong push.
 */
export function buildVocabulary(source: RawVocabulary): TradeVocabulary {
  const fold = folder(source)
  const trades = new Map<string, Trade>()
  const words = new Map<string, string>()
  for (const t of source.trades) {
    const term = fold(t.term)
    if (trades.has(term)) throw new Error(`trade ${term} is listed twice`)
    const variants = (t.variants ?? []).map(fold)
    trades.set(term, { term, variants, broader: (t.broader ?? []).map(fold) })
    for (const word of [term, ...variants]) {
      const owner = words.get(word)
      if (owner !== undefined && owner !== term) throw new Error(`${word} is a word of both ${owner} and ${term}`)
      words.set(word, term)
    }
  }
  const broader = new Map<string, readonly string[]>()
  for (const term of trades.keys()) broader.set(term, closure(trades, term))
  const contextual = (source.contextual ?? []).map((c) => {
    const term = fold(c.term)
    if (!trades.has(term)) throw new Error(`contextual reading of ${c.variant} names no trade: ${c.term}`)
    return { variant: fold(c.variant), term, whenAny: c.whenAny.map(fold) }
  })
  const wordList = [...words.keys()]
  const longestWord = Math.max(0, ...wordList.map((w) => w.length))
  return { trades, words, wordList, longestWord, looseWords: looseWordIndex(wordList), broader, contextual }
}

/** Long enough to be a trade word wherever it stands (电焊工人 holds 电焊工); shorter ones need jieba's boundaries. */
const minLooseWordLength = 3

function looseWordIndex(wordList: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>()
  for (const w of wordList) {
    if (w.length < minLooseWordLength || !/^\p{Script=Han}+$/u.test(w)) continue
    const list = index.get(w[0]!) ?? []
    list.push(w)
    index.set(w[0]!, list)
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length)
  return index
}

/** Folds every word of the vocabulary in one OpenCC call (one call costs as much as a thousand words in it). */
function folder(source: RawVocabulary): (word: string) => string {
  const all = [
    ...source.trades.flatMap((t) => [t.term, ...(t.variants ?? []), ...(t.broader ?? [])]),
    ...(source.contextual ?? []).flatMap((c) => [c.variant, c.term, ...c.whenAny]),
  ]
  const folded = foldJobText(all.join('\n')).split('\n')
  const map = new Map(all.map((w, i) => [w, folded[i]!.trim()]))
  return (word) => map.get(word) ?? foldJobText(word).trim()
}

function closure(trades: ReadonlyMap<string, Trade>, term: string): string[] {
  const out: string[] = []
  const queue = [...trades.get(term)!.broader]
  while (queue.length > 0) {
    const next = queue.shift()!
    if (next === term) throw new Error(`broader terms of ${term} lead back to it`)
    if (!trades.has(next)) throw new Error(`${term} names a broader term that is no trade: ${next}`)
    if (out.includes(next)) continue
    out.push(next)
    queue.push(...trades.get(next)!.broader)
  }
  return out
}

let vocabulary: TradeVocabulary | undefined

/** The job board's vocabulary, read and checked once. */
export function tradeVocabulary(): TradeVocabulary {
  return (vocabulary ??= buildVocabulary(raw as RawVocabulary))
}

/** The broader terms a canonical term belongs to, nearest first (货车司机 → ['司机']). */
export function broaderTerms(term: string): string[] {
  return [...(tradeVocabulary().broader.get(foldJobText(term).trim()) ?? [])]
}
