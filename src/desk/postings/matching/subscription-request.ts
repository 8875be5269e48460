import { foldJobText, maskSpans, originalSpan } from './normalize.ts'
import { readPay } from './pay.ts'
import type { Region } from './region-data.ts'
import { readRegion, type FindRegionOptions } from './regions.ts'
import { jobSegmenter } from './segmenter.ts'
import { scanTrades, termsOf } from './trade-scan.ts'
import { tradeVocabulary } from './trades.ts'
import { ignoredPattern, isIgnoredCharacter } from './request-words.ts'

export type SubscriptionRequest = {
  /** The trade words as the worker typed them, for showing back. */
  keywords: string
  /** Canonical terms; empty when anyTrade. */
  terms: string[]
  anyTrade: boolean
  region: Region | null
  payFloor: number | null
  /** Words that were neither trade, place nor pay: shown to the worker so they can rephrase. */
  unknownWords: string[]
}

// As src/desk/conversation/commands.ts recognises the command, typos included; 岗位订阅 is the menu's own label.
const commandWords = /岗位订阅|订阅岗位|订阅|定阅|订月|subscribe/g
const anyTradeWords = /工种不限|行业不限|什么(?:工作|活儿?)?都(?:行|可以|干|做|要)|啥都(?:行|可以|干|做)|都(?:行|可以)|不限|随便|任何|所有|全部/g

const spansOf = (re: RegExp, text: string): [number, number][] =>
  [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length])

/**
 * What a worker asked to be told about, from the text after the command word or with it:
 * '订阅 电工 定海', '訂閱 焊工 舟山 6000以上', '我想订阅保安的岗位'. Trades are read first,
 * then pay, then the place, each blanked out before the next, so no word counts twice.
 * No trade named: anyTrade, unless words were left that nobody understood ('订阅 程序员'
 * is not a request for everything); '工种不限' and the like ask for every trade outright.
 * '订阅' alone is anyTrade with no place: callers ask what the worker wants.
 */
export function parseSubscriptionRequest(text: string, options: FindRegionOptions = {}): SubscriptionRequest {
  const folded = foldJobText(text)
  let rest = maskSpans(folded, spansOf(commandWords, folded))
  const trades = scanTrades(rest)
  rest = maskSpans(rest, trades.map((m): [number, number] => [m.start, m.end]))
  const pay = readPay(rest)
  rest = maskSpans(rest, pay.spans)
  const place = readRegion(rest, options)
  rest = maskSpans(rest, place.spans)
  const anyWords = spansOf(anyTradeWords, rest)
  rest = maskSpans(rest, anyWords)
  const unknownWords = leftoverWords(rest)
  const terms = termsOf(trades, folded)
  const keywords = [...new Set(trades.map((m) => originalSpan(text, folded, m.start, m.end)))].join(' ')
  const anyTrade = terms.length === 0 && (anyWords.length > 0 || unknownWords.length === 0)
  return { keywords, terms: anyTrade ? [] : terms, anyTrade, region: place.region, payFloor: pay.floor ?? null, unknownWords }
}

function leftoverWords(rest: string): string[] {
  const words = jobSegmenter(tradeVocabulary().wordList).cut(maskSpans(rest, spansOf(ignoredPattern, rest)), false)
  const out = words
    .map((w) => w.trim())
    .filter((w) => /[\p{Script=Han}a-z]/u.test(w))
    .filter((w) => !(w.length === 1 && isIgnoredCharacter(w)))
  return [...new Set(out)]
}
