/**
 * Group commit: calls that arrive while a batch runs wait and go together in the next one.
 * Alone, a call runs at once (after the current macrotask, which gathers calls made
 * together); in a burst each batch takes everything that queued meanwhile, up to `max`, so
 * N calls cost about N / max runs of `run` instead of N. One batch runs at a time: on SQLite
 * the batches would only queue for the one writer anyway.
 *
 * `run` answers each item in order, settled: one item's failure is its caller's alone.
 */
export function groupCommit<I, O>(run: (items: I[]) => Promise<PromiseSettledResult<O>[]>, max: number): (item: I) => Promise<O> {
  type Waiting = { item: I; resolve: (o: O) => void; reject: (err: unknown) => void }
  const queue: Waiting[] = []
  let draining = false
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, max)
      const settled = await run(batch.map((w) => w.item)).catch((err: unknown) => batch.map((): PromiseSettledResult<O> => ({ status: 'rejected', reason: err })))
      batch.forEach((w, i) => {
        const r = settled[i]
        if (r?.status === 'fulfilled') w.resolve(r.value)
        else w.reject(r ? r.reason : new Error('the batch gave no answer for this item'))
      })
    }
    draining = false
  }
  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      if (draining) return
      draining = true
      setImmediate(() => void drain())
    })
}
