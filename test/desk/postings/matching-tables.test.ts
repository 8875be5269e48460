import { describe, expect, it } from 'vitest'
import { preloadMatching, tradeTerms } from '../../../src/desk/postings/matching/index.ts'
import { regionTable } from '../../../src/desk/postings/matching/region-data.ts'
import { jobSegmenter } from '../../../src/desk/postings/matching/segmenter.ts'
import { tradeVocabulary } from '../../../src/desk/postings/matching/trades.ts'

/**
 * The first match loads OpenCC's tables, jieba's dictionary with the trade words and the
 * divisions (about half a second); every later call must reuse them. What a call costs is
 * for benchmarks to measure, not for a test to assert on a machine it does not know.
 */
describe('matching tables', () => {
  it('are loaded once and shared by every later call', () => {
    preloadMatching()
    const words = tradeVocabulary().wordList
    const [segmenter, regions, vocabulary] = [jobSegmenter(words), regionTable(), tradeVocabulary()]
    expect(tradeTerms('舟山定海区船厂招聘电焊工3名，月薪8000以上')).toContain('焊工')
    preloadMatching()
    expect(jobSegmenter(words)).toBe(segmenter)
    expect(regionTable()).toBe(regions)
    expect(tradeVocabulary()).toBe(vocabulary)
  })
})
