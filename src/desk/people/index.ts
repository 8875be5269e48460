/**
 * People: union members who write to the desk (members), how each channel knows them
 * (identities and channel events), and the org tree they and the cadres belong to.
 */
export { findOrCreateWorker, nameIndex, openLocation, sealLocation, type SharedLocation } from './members.ts'
export { LOCATION_TEXT, locationOfMessage, mediaForStorage, sealLegacyLocations, textForStorage } from './shared-location.ts'
export { applyChannelEvent, workerIdOf, type ChannelEventChange, type ChannelEventInput } from './channel-events.ts'
export { resolveUnit, subtreeUnitIds, unitAndAncestors, unitFromHint } from './org-units.ts'
export { ACCESS_CODE_ALPHABET, ACCESS_CODE_LENGTH, hashAccessCode, newAccessCode, normaliseAccessCode, ticketByAccessCode } from './access-codes.ts'
export { answeredErasures, completeErasure, declineErasure, ERASED_DELIVERY_CODE, ERASED_TEXT, erasureExtent, erasureRequestIn, pendingErasures, type ErasureActor, type ErasureExtent, type ErasureOutcome, type PendingErasure } from './erasure.ts'
