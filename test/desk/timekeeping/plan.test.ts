import { describe, expect, it } from 'vitest'
import { currentDeadlines, planSlaTimers } from '../../../src/desk/timekeeping/index.ts'
import { defaultWorkCalendar } from '../../../src/lib/time/index.ts'

/** The timer plan is pure: exact instants in Shanghai office hours, pauses and stopped clocks. */
const settings = { reminderFractions: [0.5, 0.9], escalationFractions: [1, 1.5] }
const policy = { firstResponseSeconds: 4 * 3600, resolutionSeconds: 10 * 7.5 * 3600, clockMode: 'business' }
const at = (local: string) => new Date(`${local}+08:00`)
const fridayEvening = { createdAt: at('2026-11-27T17:00:00'), status: 'open', firstRespondedAt: null, closedAt: null }

describe('the SLA timer plan', () => {
  it('counts business hours: a Friday-evening ticket is due Monday noon, its reminders Monday morning', () => {
    const plan = planSlaTimers(fridayEvening, policy, [], defaultWorkCalendar, settings)
    const fr = Object.fromEntries(plan.filter((t) => t.clock === 'first-response').map((t) => [t.stage, t.runAt?.toISOString()]))
    // Friday 17:00–17:30 is half an hour; Monday 08:30 on gives the rest (lunch 12:00–13:30 is not counted).
    expect(fr).toEqual({
      'first-response-50': at('2026-11-30T10:00:00').toISOString(),
      'first-response-90': at('2026-11-30T11:36:00').toISOString(),
      'first-response-100': at('2026-11-30T12:00:00').toISOString(),
      'first-response-150': at('2026-11-30T15:30:00').toISOString(),
    })
    expect(plan.map((t) => [t.stage, t.kind, t.level])).toEqual([
      ['first-response-50', 'reminder', 0], ['first-response-90', 'reminder', 0], ['first-response-100', 'escalation', 1], ['first-response-150', 'escalation', 2],
      ['resolution-50', 'reminder', 0], ['resolution-90', 'reminder', 0], ['resolution-100', 'escalation', 1], ['resolution-150', 'escalation', 2],
    ])
  })

  it('counts calendar hours for the 2-hour rule', () => {
    const urgent = { ...policy, firstResponseSeconds: 7200, clockMode: 'calendar' }
    const due = planSlaTimers(fridayEvening, urgent, [], defaultWorkCalendar, settings).find((t) => t.stage === 'first-response-100')!
    expect(due.runAt).toEqual(at('2026-11-27T19:00:00'))
  })

  it('stops while paused and shifts by the pause once resumed', () => {
    const calendarPolicy = { ...policy, clockMode: 'calendar', resolutionSeconds: 10 * 3600 }
    const answered = { ...fridayEvening, firstRespondedAt: at('2026-11-27T17:10:00') }
    const paused = [{ pausedAt: at('2026-11-27T18:00:00'), resumedAt: null }]
    const whilePaused = planSlaTimers(answered, calendarPolicy, paused, defaultWorkCalendar, settings)
    // The first-response clock stopped for good; 50% of resolution (5 h) would be 22:00, after the pause began.
    expect(whilePaused.map((t) => t.stage)).toEqual(['resolution-50', 'resolution-90', 'resolution-100', 'resolution-150'])
    expect(whilePaused.every((t) => t.runAt === null)).toBe(true)
    expect(currentDeadlines({ ...answered, firstResponseDueAt: null, resolutionDueAt: null }, calendarPolicy, paused, defaultWorkCalendar).resolutionDueAt).toBeNull()

    const resumed = [{ pausedAt: at('2026-11-27T18:00:00'), resumedAt: at('2026-11-27T21:30:00') }]
    const after = planSlaTimers(answered, calendarPolicy, resumed, defaultWorkCalendar, settings)
    // 10 hours from 17:00 plus the 3.5-hour wait.
    expect(after.find((t) => t.stage === 'resolution-100')!.runAt).toEqual(at('2026-11-28T06:30:00'))
    expect(after.find((t) => t.stage === 'resolution-50')!.runAt).toEqual(at('2026-11-28T01:30:00'))
  })

  it('has no timers once closed', () => {
    expect(planSlaTimers({ ...fridayEvening, status: 'closed', closedAt: at('2026-11-27T18:00:00') }, policy, [], defaultWorkCalendar, settings)).toEqual([])
  })
})
