/**
 * Races work against a deadline without abandoning it: on a timeout the caller gets the
 * still-running promise, to finish the work later (WeChat's 5 seconds, then a late reply).
 */
export type BudgetOutcome<T> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; error: unknown }
  | { status: 'timeout'; promise: Promise<T> }

/** Races `run()` against a timer; a synchronous throw counts as a rejection. */
export const withinBudget = async <T>(run: () => Promise<T>, budgetMs: number): Promise<BudgetOutcome<T>> => {
  const promise = (async () => run())()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budgetMs)
  })
  try {
    const first = await Promise.race([promise.then((value) => ({ value })), timeout])
    return first === 'timeout' ? { status: 'timeout', promise } : { status: 'fulfilled', value: first.value }
  } catch (error) {
    return { status: 'rejected', error }
  } finally {
    clearTimeout(timer)
  }
}
