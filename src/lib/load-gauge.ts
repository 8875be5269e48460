/**
 * Whether this process is behind, from three signals a channel can act on before its
 * caller gives up (WeChat waits 5 seconds, then retries and finally tells the worker the
 * account is out of service):
 * - event-loop lag: CPU is saturated, so every request waits its turn;
 * - requests in flight: work is arriving faster than it leaves;
 * - store latency: the database is slow, so anything more than storing will be too.
 *
 * Portable: the lag comes from the runtime (src/node/event-loop-lag.ts on Node); a runtime
 * without one simply leaves that signal out.
 */
export type LoadThresholds = {
  /** Event-loop delay (p99 of the last sampling window) above which we are behind. */
  loopLagMs: number
  /** Requests in flight at or above which a new one is behind. */
  inFlight: number
  /** Smoothed store latency above which we are behind. */
  storeMs: number
}

export type Overload = 'event_loop_lag' | 'in_flight' | 'store_latency'

export type LoadGauge = {
  /**
   * Why this process is behind now, or undefined when it keeps up. `share` scales the
   * thresholds: 0.25 asks whether it is a quarter of the way there (work that can wait
   * should give way well before the webhook has to shed). `{ inFlight: false }` leaves the
   * requests in flight out: asked again by a request already under way, they are the ones that
   * came after it, not work ahead of it.
   */
  behind(share?: number, signals?: { inFlight?: boolean }): Overload | undefined
  /** Runs `work`, counted in flight until it settles. */
  track<T>(work: () => Promise<T>): Promise<T>
  /**
   * Whether a request is in flight or settled within the last `withinMs`. Work that gives way
   * to requests asks this first: on a quiet process the lag is that work's own, and pausing it
   * for its own lag would only slow it down.
   */
  serving(withinMs: number): boolean
  /** One store's duration, for the smoothed store latency. */
  observeStore(ms: number): void
  readings(): { loopLagMs: number; inFlight: number; storeMs: number }
}

/** Weight of the newest store in the moving average: about the last ten stores count. */
const STORE_WEIGHT = 0.2
/**
 * The average speaks for this long after the last store. A desk that stores nothing is not
 * slow: without this, the last slow store of a burst would say "behind" until the next
 * message came, and work waiting for the desk to catch up (the intake queue) would wait on.
 */
const STORE_READING_LASTS_MS = 2000

export function createLoadGauge(thresholds: LoadThresholds, loopLagMs: () => number = () => 0, now: () => number = Date.now): LoadGauge {
  let inFlight = 0
  let average = 0
  let lastStoreAt = 0
  let lastSettledAt = -Infinity
  const storeReading = () => (now() - lastStoreAt <= STORE_READING_LASTS_MS ? average : 0)
  const readings = () => ({ loopLagMs: loopLagMs(), inFlight, storeMs: storeReading() })
  return {
    behind(share = 1, signals = {}) {
      // Cheapest first; the lag reading is a number kept by a sampler, not a measurement now.
      if (signals.inFlight !== false && inFlight >= Math.max(1, thresholds.inFlight * share)) return 'in_flight'
      if (storeReading() > thresholds.storeMs * share) return 'store_latency'
      if (loopLagMs() > thresholds.loopLagMs * share) return 'event_loop_lag'
      return undefined
    },
    async track(work) {
      inFlight++
      try {
        return await work()
      } finally {
        inFlight--
        lastSettledAt = now()
      }
    },
    serving(withinMs) {
      return inFlight > 0 || now() - lastSettledAt <= withinMs
    },
    observeStore(ms) {
      // From 0 (at start-up, and after a quiet spell), not from the first store: one slow store is not a slow database.
      if (storeReading() === 0) average = 0
      average += STORE_WEIGHT * (ms - average)
      lastStoreAt = now()
    },
    readings,
  }
}

/** Never behind: for tests and for channels that have no deadline. */
export const neverBehind: LoadGauge = createLoadGauge({ loopLagMs: Infinity, inFlight: Infinity, storeMs: Infinity })
