/**
 * Messaging: what the desk says to workers (staged in the caller's transaction, sent by the
 * outbound queue on the channel they wrote from, deferred while a channel's window is shut)
 * and what it tells cadres (their inbox and the ticket's timeline).
 */
export { stageWorkerMessage, inWorkersScript, sendLateReply, type WorkerNotice } from './to-workers.ts'
export { deliver, type DeliveryOutcome } from './delivery.ts'
export { releaseDeferred } from './deferred.ts'
export { notifyCadre, cadreInbox, type CadreNoticeKind, type CadreNoticeInput } from './to-cadres.ts'
