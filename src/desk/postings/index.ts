/**
 * Job postings (岗位): the union's board, firms' accounts, workers' subscriptions, and the
 * push that brings a new posting to every matching subscriber once. A posting is published
 * in one transaction with its first fan-out page; the `postings` queue plans pages of
 * subscribers (fanout.ts) and sends them (push.ts) within WeChat's rules and quiet hours;
 * what cannot go now waits for the worker's next message, as one digest (digest.ts).
 */
export { postingActor, isEmployer, mayPublish, postingsVisibleTo, type PostingActor } from './actor.ts'
export { PostingInput, postingStatusLabels, MAX_VALID_DAYS, type PostingFields, type PostingStatus } from './posting-input.ts'
export { createPosting, updatePosting, submitPosting, publishPosting, closePosting, postingFor, postingsFor, isOpen, effectiveStatus, openNow, type PostingListQuery } from './postings.ts'
export { postingNumberPattern } from './numbers.ts'
export { boardPage, boardWhere, boardRegions, postingByNumber, matchesForSeeker, countMatchingOpen, regionPrefix, BOARD_PAGE, type BoardQuery } from './board.ts'
export { seekerAnswer } from './seekers.ts'
export { subscribe, subscribeFromText, unsubscribe, activeSubscriptions, describeSubscription, MAX_SUBSCRIPTIONS, type SubscribeOutcome, type UnsubscribeOutcome } from './subscriptions.ts'
export { subscriptionReply, matchesText, pushText, payText, placeShort, postingLine, boardUrl, postingUrl, publicBase } from './words.ts'
export { unsubscribeLink, unsubscribeToken, subscriptionOfToken } from './unsubscribe-link.ts'
export { planFanoutPage, type FanoutStep } from './fanout.ts'
export { pushPage, settleStalePushes, PUSH_CHUNK, PUSH_SENDING_STALE_MS, type PushPageResult } from './push.ts'
export { releaseJobDigest } from './digest.ts'
export { pushStats, type PushStats } from './stats.ts'
export { employersFor, decideEmployer } from './employers.ts'
export { reconcilePostings } from './maintenance.ts'
export { quietUntil } from './quiet-hours.ts'
export { postingJobIds } from './jobs.ts'
export * as matching from './matching/index.ts'
export { findRegion, regionByCode, regionAncestors, tradeTerms, parseSubscriptionRequest, type Region } from './matching/index.ts'
export { subscribeOnPortal, portalSubscriber, unsubscribeOnPortal, unsubscribeByLink, openPostingCount, type PortalSubscriptionForm, type PortalSubscriber } from './portal-subscriptions.ts'
