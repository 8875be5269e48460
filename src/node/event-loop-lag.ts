import { monitorEventLoopDelay } from 'node:perf_hooks'

/**
 * The event loop's delay, as Node's own histogram measures it: the p99 of the last window
 * (half a second), so one slow tick does not count but a saturated second does. Returns
 * the reader and a stop function.
 */
export function sampleEventLoopLag(windowMs = 500): { lagMs: () => number; stop: () => void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  let last = 0
  const timer = setInterval(() => {
    // The histogram's floor is its resolution (10 ms): subtract it, so an idle loop reads about 0.
    last = histogram.count === 0 ? 0 : Math.max(0, histogram.percentile(99) / 1e6 - 10)
    histogram.reset()
  }, windowMs)
  timer.unref()
  return {
    lagMs: () => last,
    stop: () => {
      clearInterval(timer)
      histogram.disable()
    },
  }
}
