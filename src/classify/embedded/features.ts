import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import { addCueFeatures } from './lexicon.ts'

export type FeatureOptions = {
  ngrams: number
  jieba: boolean
  cues: boolean
  /** Value of a lexicon cue feature; n-grams share a unit-length block. Tuned by cross-validation. */
  cueValue: number
}

/** Longer input is cut here: the story's first part carries the ask, and latency stays flat. */
export const maxChars = 600

let jieba: Jieba | undefined
const segmenter = () => (jieba ??= Jieba.withDict(dict))

/**
 * Features for one normalised message: character 1..n-grams over the Han/letter/digit
 * stream (spaces and punctuation removed, since workers use them at random), Latin
 * words whole (pinyin, English), optional jieba words, and a length bucket.
 * Returns feature → value.
 */
export function extractFeatures(normalised: string, opts: FeatureOptions): Map<string, number> {
  const t = [...normalised].slice(0, maxChars).join('')
  const out = new Set<string>()
  const han = t.replace(/[^\p{Script=Han}0-9]+/gu, '').replace(/[0-9]+/g, '0')
  const chars = [...han]
  for (let n = 1; n <= opts.ngrams; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''))
  }
  for (const w of t.match(/[a-z]{2,}/g) ?? []) out.add(`e:${w}`)
  if (opts.jieba) {
    for (const w of segmenter().cut(t.replace(/[^\p{Script=Han}a-z0-9]+/gu, ' '), false)) {
      if ([...w].length >= 2 && /\p{Script=Han}/u.test(w)) out.add(`w:${w}`)
    }
  }
  // Unit length for the n-gram block, so a long story does not outvote a short one.
  const ngramValue = 1 / Math.sqrt(out.size || 1)
  const values = new Map<string, number>()
  for (const f of out) values.set(f, ngramValue)
  if (opts.cues) {
    const cueSet = new Set<string>()
    addCueFeatures(han + ' ' + t.replace(/\s+/g, ' '), cueSet)
    for (const f of cueSet) values.set(f, opts.cueValue)
  }
  const len = chars.length
  values.set(len <= 4 ? 'len:tiny' : len <= 12 ? 'len:short' : len <= 60 ? 'len:mid' : 'len:long', 1)
  return values
}
