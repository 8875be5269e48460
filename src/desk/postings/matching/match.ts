import { regionContains } from './regions.ts'

export type MatchablePosting = { terms: string[]; regionCode: string; payMin: number | null; payMax: number | null }
export type MatchableSubscription = { terms: string[]; anyTrade: boolean; regionCode: string | null; payFloor: number | null }

/**
 * Whether a posting is pushed to a subscriber. The fan-out runs the same rule in SQL, so it
 * stays exactly what SQL can say:
 * - trade: anyTrade, or a subscription term IN (posting terms), which already hold the
 *   broader terms (postingTerms), so 司机 matches a 货车司机 posting and 叉车司机 does not
 *   match every 司机 posting;
 * - place: no region, or the subscription's regionCode IN (regionAncestors(posting.regionCode));
 * - pay: no floor, or COALESCE(payMax, payMin) IS NULL, or COALESCE(payMax, payMin) >= floor.
 *   A posting that gives no pay matches: it may pay enough, and the worker can ask; leaving
 *   it out would hide most postings of small firms. A range matches when its top reaches
 *   the floor (4500–5500 for a 5000 floor).
 */
export function subscriptionMatches(s: MatchableSubscription, p: MatchablePosting): boolean {
  const trade = s.anyTrade || s.terms.some((t) => p.terms.includes(t))
  const place = s.regionCode === null || regionContains(s.regionCode, p.regionCode)
  const top = p.payMax ?? p.payMin
  const pay = s.payFloor === null || top === null || top >= s.payFloor
  return trade && place && pay
}
