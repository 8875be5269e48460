/**
 * Timekeeping: the SLA clocks of tickets (a pure planner, deadlines on the ticket, one
 * delayed job per running clock, for its next step), what a timer does when it fires, the
 * alarms of callbacks, and the reconciler and schedulers that keep Redis in step with the
 * database.
 */
export { planSlaTimers, clockOfStage, nextTimerOf, currentDeadlines, stageName, slaClockNames, slaSettingsOf, timerFor, type SlaPolicyTerms, type SlaTimer } from './plan.ts'
export { fallbackPolicy, openingDeadlines, slaPolicyFor } from './policy.ts'
export { applyTimerChanges, refreshSlaTimers, slaTimerRefs, type TimerChanges, type TimerRef } from './timers.ts'
export { pauseSla, resumeSla, resumeOnWorkerAnswer, startSlaClocks } from './clocks.ts'
export { fireSlaTimers, onSlaTimer, type TimerOutcome, type TimerRun } from './on-timer.ts'
export { callbackTimes, callbackTimerRefs, scheduleCallbackTimers } from './callback-timers.ts'
export { reconcileTimers, type ReconcileReport } from './reconcile.ts'
export { ensureSchedulers, reconcileAll, startTimekeeping } from './schedules.ts'
