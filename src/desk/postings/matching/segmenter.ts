import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'

/** A word's frequency in jieba's terms: an ordinary noun's, so a trade word is kept whole without swallowing its neighbours (at 10 000, 确保安全 splits as 确|保安|全). */
const addedWordFrequency = 500

let jieba: Jieba | undefined
let added: readonly string[] = []

/**
 * The job board's own jieba: the default dictionary plus every trade word it lacks, so
 * 急招普工 cuts as 急|招|普工 and 气保焊 stays one word. Its own instance, because adding
 * words to the classifier's (src/classify/embedded/features.ts) would change its features.
 * Built on first use (~250 ms, the dictionary load).
 */
export function jobSegmenter(words: readonly string[]): Jieba {
  if (jieba && added === words) return jieba
  const instance = Jieba.withDict(dict)
  // A word jieba already cuts whole keeps its own frequency: raising 电焊 would split 电焊工.
  const missing = words.filter((w) => /\p{Script=Han}/u.test(w) && !isOneWord(instance, w))
  if (missing.length > 0) {
    instance.loadDict(new TextEncoder().encode(missing.map((w) => `${w} ${addedWordFrequency} n\n`).join('')))
  }
  jieba = instance
  added = words
  return instance
}

const isOneWord = (j: Jieba, word: string) => {
  const cut = j.cut(word, false)
  return cut.length === 1 && cut[0] === word
}

export type Token = { text: string; start: number; end: number }

/** jieba's words with their offsets in the text (it returns every character, spaces included). */
export function tokensWithOffsets(j: Jieba, text: string): Token[] {
  const out: Token[] = []
  let pos = 0
  for (const word of j.cut(text, false)) {
    const at = text.startsWith(word, pos) ? pos : text.indexOf(word, pos)
    if (at < 0) continue
    out.push({ text: word, start: at, end: at + word.length })
    pos = at + word.length
  }
  return out
}
