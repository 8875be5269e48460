import type { Logger } from 'pino'
import type { Db, Tx } from '../db/client.ts'
import { sqlFor } from '../db/sql.ts'
import { errorSummary } from '../lib/error-summary.ts'

/**
 * "These outbox rows are on their queues", written for many rows at once. After every
 * message the request path puts its rows on BullMQ and marks them delivered: one write of
 * its own for each message, which on SQLite is a commit (and the file's lock) every time.
 * Here the marks wait up to `everyMs` and go in one statement.
 *
 * What depends on the mark is the relay, which re-adds unmarked rows: a job still in Redis
 * ignores that (same jobId), but one cancelled since (a ticket closed) would come back. So
 * the relay first writes the marks its own process holds, and another process's relay takes
 * only rows older than its grace (10 s by default, far longer than the wait). A process that
 * dies before writing its marks leaves the same rows as one that died just after enqueuing.
 * The relay marks what it relays at once (on PostgreSQL it holds the rows locked until then).
 */
export type OutboxMarks = {
  /** Rows just put on their queues. */
  add(ids: readonly string[]): void
  /** Writes the marks held now (shutdown waits for this). */
  flush(): Promise<void>
}

/** Rows on their queues: marked delivered, one attempt more. */
export async function markDelivered(q: Db | Tx, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return
  await sqlFor(q).updateTable('OutboxJob').set((eb) => ({ enqueuedAt: at, attempts: eb('attempts', '+', 1) })).where('id', 'in', ids).execute()
}

export function batchedOutboxMarks(deps: { db: Db | Tx; logger: Logger; now: () => Date }, opts: { everyMs?: number; max?: number } = {}): OutboxMarks {
  const everyMs = opts.everyMs ?? 50
  // Should the database refuse for long, marks beyond this are dropped: the relay's re-adds are harmless.
  const max = opts.max ?? 20_000
  let held: string[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> = Promise.resolve()

  const write = async () => {
    timer = undefined
    const ids = held
    held = []
    for (let i = 0; i < ids.length; i += 500) {
      try {
        await markDelivered(deps.db, ids.slice(i, i + 500), deps.now())
      } catch (err) {
        deps.logger.warn({ err: errorSummary(err), rows: ids.length - i }, 'outbox marks not written yet; trying again')
        held = [...ids.slice(i), ...held].slice(0, max)
        schedule()
        return
      }
    }
  }
  const schedule = () => {
    if (timer || held.length === 0) return
    timer = setTimeout(() => (writing = writing.then(write)), everyMs)
    timer.unref?.()
  }
  return {
    add(ids) {
      if (held.length + ids.length <= max) held.push(...ids)
      schedule()
    },
    async flush() {
      if (timer) clearTimeout(timer)
      timer = undefined
      writing = writing.then(write)
      await writing
    },
  }
}
