import { foldJobText, maskSpans } from './normalize.ts'
import { readPay } from './pay.ts'
import { readRegion, regionAncestors, type FindRegionOptions } from './regions.ts'
import { scanTrades, termsOf } from './trade-scan.ts'
import { broaderTerms } from './trades.ts'
import type { MatchablePosting } from './match.ts'

export type RankablePosting = MatchablePosting & { id: string; title: string; trade: string }

/** How near a posting's place is to the seeker's: 3 inside it, 2 the same city (or the posting names only that city), 1 the same province. */
function closeness(seekerRegion: string, postingRegion: string): number {
  const seeker = regionAncestors(seekerRegion)
  const posting = regionAncestors(postingRegion)
  if (posting.includes(seekerRegion)) return 3
  const shared = seeker.filter((c) => posting.includes(c))
  if (shared.length === 0) return 0
  return shared[0]!.endsWith('0000') ? 1 : 2
}

/**
 * The ids of the best postings for a job seeker's free message ('我想找叉车的工作，在舟山',
 * '有没有电焊工的活'), best first, at most limit. Ordered by trade (a term the seeker named
 * before a posting of the same family: a 货车司机 seeker also sees 客车司机 postings, after
 * the 货车 ones), then closeness of place, then pay (postings reaching the seeker's floor
 * first, then the higher paid; no pay given counts as reaching it). A posting of another
 * trade counts only when it is in the seeker's city or closer; with neither trade nor
 * place named nothing is returned: the caller asks what they are looking for. options.near
 * reads shared place names as findRegion does (普陀 near 舟山).
 */
export function rankForSeeker(query: string, postings: RankablePosting[], limit: number, options: FindRegionOptions = {}): string[] {
  // Read as findRegion, tradeTerms and parsePay would, folding and cutting the text once.
  const folded = foldJobText(query)
  const trades = scanTrades(folded)
  const rest = maskSpans(folded, trades.map((m): [number, number] => [m.start, m.end]))
  const terms = termsOf(trades, folded)
  const family = new Set(terms.flatMap((t) => broaderTerms(t)))
  const region = readRegion(rest, options).region
  const floor = readPay(rest).floor ?? null
  const scored = postings.map((p, order) => {
    const trade = terms.some((t) => p.terms.includes(t)) ? 2 : p.terms.some((t) => family.has(t)) ? 1 : 0
    const place = region ? closeness(region.code, p.regionCode) : 0
    const top = p.payMax ?? p.payMin
    const reaches = floor === null || top === null || top >= floor ? 1 : 0
    return { id: p.id, trade, place, reaches, pay: top ?? 0, order }
  })
  return scored
    .filter((s) => s.trade > 0 || s.place >= 2)
    .sort((a, b) => b.trade - a.trade || b.place - a.place || b.reaches - a.reaches || b.pay - a.pay || a.order - b.order)
    .slice(0, Math.max(0, limit))
    .map((s) => s.id)
}
