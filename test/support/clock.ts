/**
 * A desk clock for tests about timer logic: real time, shifted by however far the test
 * has skipped ahead. It never runs backwards, and it keeps ticking between steps, so rows
 * written one after another still sort by time.
 *
 * BullMQ fires a delayed job by Redis's real clock at the instant the desk scheduled it
 * (the outbox gives it the desk's time as its timestamp), so on a clock ahead of real time
 * timers with budgets of minutes or more never fire on their own during a test: the test
 * moves the clock past a step, then runs the job (see `runNow` in ./jobs.ts).
 *
 * @example
 * const clock = testClock()
 * const t = deskForThisFile({ now: clock.now })
 * clock.advance(3600_000)
 */
export function testClock() {
  let offset = 0
  return {
    now: () => new Date(Date.now() + offset),
    /** The desk sees `ms` more time pass at once. */
    advance(ms: number) {
      offset += ms
    },
    /** The desk's time jumps to `at`, or stays where it is if that is already later. */
    advanceTo(at: Date | number) {
      offset = Math.max(offset, new Date(at).getTime() - Date.now())
    },
  }
}
export type TestClock = ReturnType<typeof testClock>
