import { regionTable } from './region-data.ts'
import { jobSegmenter } from './segmenter.ts'
import { tradeVocabulary } from './trades.ts'
import { foldJobText } from './normalize.ts'

/**
 * Loads what the first match would (OpenCC's tables, jieba's dictionary with the trade
 * words, the divisions), so a process can pay for it at start rather than on a worker's
 * first message. Returns how long it took, in milliseconds.
 */
export function preloadMatching(): number {
  const started = performance.now()
  foldJobText('訂閱')
  jobSegmenter(tradeVocabulary().wordList)
  regionTable()
  return performance.now() - started
}
