import type { Config } from '../../config.ts'
import { ClockMode, slaClock, type PauseInterval, type SlaClock, type WorkCalendar } from '../../lib/time/index.ts'

/**
 * What the SLA timers of a ticket should be, from its state alone. Pure: intake, the
 * cadre actions, the timer jobs and the reconciler all ask this one function, so they
 * can never disagree about when something is due.
 *
 * A ticket runs two clocks, both stopped while the desk waits for the worker:
 * first-response (until a cadre first answers) and resolution (until the ticket closes).
 * Each clock has timers at shares of its budget, named by percent: below 100 a reminder
 * to the assignee (first-response-50, -90), 100 the breach, which escalates to the unit's
 * leader (first-response-100), and each later step one unit up (resolution-150).
 * Redis holds one job per running clock, for its next step (see timers.ts).
 */
export const slaClockNames = ['first-response', 'resolution'] as const
export type SlaClockName = (typeof slaClockNames)[number]

export type SlaSettings = { reminderFractions: number[]; escalationFractions: number[] }
export const slaSettingsOf = (config: Pick<Config, 'SLA_REMINDER_FRACTIONS' | 'SLA_ESCALATION_FRACTIONS'>): SlaSettings => ({
  reminderFractions: config.SLA_REMINDER_FRACTIONS,
  escalationFractions: config.SLA_ESCALATION_FRACTIONS,
})

export type SlaPolicyTerms = { firstResponseSeconds: number; resolutionSeconds: number; clockMode: string }

/** The parts of a ticket the clocks depend on. */
export type TicketTimes = {
  createdAt: Date
  status: string
  firstRespondedAt: Date | null
  closedAt: Date | null
}

export type SlaTimer = {
  /** Job stage and the suffix of the job id: "first-response-90". */
  stage: string
  clock: SlaClockName
  fraction: number
  /** reminder: tell the assignee. escalation: level 1 = the unit's leader, 2 = one unit up, … */
  kind: 'reminder' | 'escalation'
  level: number
  /** When it falls due given the pauses so far; null while a pause stops the clock short of it. */
  runAt: Date | null
}

export const stageName = (clock: SlaClockName, fraction: number) => `${clock}-${Math.round(fraction * 100)}`

/** The clocks still running (or paused) for a ticket; a stopped clock has no timers. */
export function runningClocks(
  ticket: TicketTimes,
  policy: SlaPolicyTerms,
  pauses: readonly PauseInterval[],
  calendar: WorkCalendar,
): Partial<Record<SlaClockName, SlaClock>> {
  if (ticket.status === 'closed') return {}
  const mode = ClockMode.catch('calendar').parse(policy.clockMode)
  const base = { mode, calendar, startedAt: ticket.createdAt, pauses }
  return {
    ...(ticket.firstRespondedAt ? {} : { 'first-response': { ...base, budgetSeconds: policy.firstResponseSeconds } }),
    resolution: { ...base, budgetSeconds: policy.resolutionSeconds },
  }
}

/** Every timer the ticket should have now, reminders first, in firing order per clock. */
export function planSlaTimers(
  ticket: TicketTimes,
  policy: SlaPolicyTerms,
  pauses: readonly PauseInterval[],
  calendar: WorkCalendar,
  settings: SlaSettings,
): SlaTimer[] {
  const timers: SlaTimer[] = []
  const clocks = runningClocks(ticket, policy, pauses, calendar)
  for (const name of slaClockNames) {
    const clock = clocks[name]
    if (!clock) continue
    const steps = [
      ...settings.reminderFractions.map((fraction) => ({ fraction, kind: 'reminder' as const, level: 0 })),
      ...settings.escalationFractions.map((fraction, i) => ({ fraction, kind: 'escalation' as const, level: i + 1 })),
    ]
    for (const step of steps) {
      timers.push({ ...step, stage: stageName(name, step.fraction), clock: name, runAt: slaClock.instantAtFraction(clock, step.fraction) })
    }
  }
  return timers
}

/** The clock a stage belongs to ("first-response-90": first-response); null for a name no clock has. */
export const clockOfStage = (stage: string): SlaClockName | null => slaClockNames.find((c) => stage.startsWith(`${c}-`)) ?? null

/**
 * A clock's next step: its first timer, in firing order, whose work is not recorded yet
 * (`isDone`). Null when the clock stopped or every step is done; a step with no time (a
 * pause stops the clock short of it) is returned as it is, and has no job until the clock runs.
 */
export function nextTimerOf(plan: SlaTimer[], clock: SlaClockName, isDone: (stage: string) => boolean): SlaTimer | null {
  return plan.find((t) => t.clock === clock && !isDone(t.stage)) ?? null
}

/** The timer a stage names, as the plan sees it now (null: the clock stopped or the stage is no longer configured). */
export function timerFor(stage: string, plan: SlaTimer[]): SlaTimer | null {
  return plan.find((t) => t.stage === stage) ?? null
}

/**
 * The deadlines to store on the ticket. While paused a clock has no deadline (null). A
 * clock that stopped keeps the deadline it had, so the rates can tell on-time from late.
 */
export function currentDeadlines(
  ticket: TicketTimes & { firstResponseDueAt: Date | null; resolutionDueAt: Date | null },
  policy: SlaPolicyTerms,
  pauses: readonly PauseInterval[],
  calendar: WorkCalendar,
): { firstResponseDueAt: Date | null; resolutionDueAt: Date | null } {
  const clocks = runningClocks(ticket, policy, pauses, calendar)
  return {
    firstResponseDueAt: clocks['first-response'] ? slaClock.deadline(clocks['first-response']) : ticket.firstResponseDueAt,
    resolutionDueAt: clocks.resolution ? slaClock.deadline(clocks.resolution) : ticket.resolutionDueAt,
  }
}
