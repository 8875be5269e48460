import type { Db, Tx } from './client.ts'
import { runTransaction } from './sql.ts'

/**
 * How long a write transaction may wait for its turn and run. SQLite runs one writer at a
 * time: a burst of messages queues behind the lock rather than failing at Prisma's 2-second
 * default. Every multi-step write goes through here, so they all wait the same way.
 * maxWait covers the turn within this process (sqlite-adapter.ts runs one transaction at a
 * time); its BEGIN IMMEDIATE then waits up to the busy timeout for a writer in another.
 */
export const txOptions = { maxWait: 10_000, timeout: 10_000 } as const

/** The ORM's interactive transaction; inside it, sqlIn(tx) (sql.ts) runs plain SQL in the same transaction. */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return runTransaction(db, (w: (tx: Tx) => Promise<T>) => db.$transaction(w, txOptions), work)
}
