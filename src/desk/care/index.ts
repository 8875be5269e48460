/**
 * Care: the people the union keeps helping after a ticket. The hardship archive
 * (困难职工档案: entry, exit, who is a leader's case) and the calls and visits owed to its
 * members and to workers whose case closed (按季回访, 半年入户走访, the satisfaction callback).
 */
export { addHardshipRecord, exitHardshipRecord, hardshipSeverity, hardshipView } from './hardship.ts'
export { callbackView, listCallbacks, onCallbackTimer, planCallbacks, recordCallbackOutcome, type CallbackTimerOutcome } from './callbacks.ts'
