/**
 * Messaging: what the desk says to workers (staged in the caller's transaction, sent by the
 * outbound queue on the channel they wrote from, deferred while a channel's window is shut)
 * and what it tells cadres (their inbox and the ticket's timeline). A send is claimed
 * before it goes out, and the reconciler re-sends what Redis lost (reconcileDeliveries).
 */
export { stageWorkerMessage, inWorkersScript, sendLateReply, type WorkerNotice } from './to-workers.ts'
export { deliver, type DeliveryAttempt, type DeliveryOutcome } from './delivery.ts'
export { SENDING_STALE_MS, POSSIBLE_DUPLICATE } from './sending-claim.ts'
export { QUOTA_WAIT_LIMITS, QuotaWaits, afterOneMoreWait, quotaWaitKind } from './quota.ts'
export { reconcileDeliveries, DELIVERY_GRACE_MS } from './delivery-reconcile.ts'
export { releaseDeferred } from './deferred.ts'
export { windowSendsSince } from './window.ts'
export { notifyCadre, notifyCadres, cadreInbox, type CadreNoticeKind, type CadreNoticeInput } from './to-cadres.ts'
export { currentWording, previewWording, refreshWording, saveWording } from './wording.ts'
