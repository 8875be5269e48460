import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client'
import { runDirect, type DirectSqlite } from './sqlite-direct.ts'
import { keptStatementsOf } from './sqlite-statements.ts'

type Adapter = Awaited<ReturnType<SqlDriverAdapterFactory['connect']>>
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>
type Query = Parameters<Adapter['queryRaw']>[0]

/**
 * Prisma's better-sqlite3 adapter, made safe for a server that runs many requests on its
 * one connection. What @prisma/adapter-better-sqlite3 6.19 does, and what this changes:
 *
 * 1. Its transactions are `BEGIN` on the shared connection, and its mutex only orders one
 *    transaction after another. A statement from another request, issued while a
 *    transaction is open, runs on the same connection, so inside that transaction: rolled
 *    back with it, or reading its uncommitted rows. Here one lock orders everything: a
 *    statement outside a transaction waits until the open one commits or rolls back.
 *    (A second connection for transactions would not do: better-sqlite3 waits for a lock
 *    synchronously, so a connection waiting on another in the same thread blocks the very
 *    event loop that would let the other finish.)
 *
 * 2. `BEGIN` is deferred: the transaction takes the write lock at its first write, after it
 *    has read. When another process holds the lock then, SQLite refuses at once
 *    (SQLITE_BUSY, not waiting: the snapshot read would be stale), however long the busy
 *    timeout. Here transactions start with `BEGIN IMMEDIATE`, which takes the write lock
 *    first, so the busy timeout applies: they wait for the other process, up to the
 *    timeout, and fail with SQLITE_BUSY (Prisma's P1008) only when it is spent. Within one
 *    process the lock above already runs one transaction at a time, so taking the write
 *    lock early costs nothing; read-only transactions are not worth telling apart.
 */
export function serialisedSqlite(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const inner = await factory.connect()
      return serialised(inner, keptStatementsOf(inner))
    },
  }
}

/** The transaction holding the connection now, if one is open: sql.ts ties it to the ORM's `tx` by this. */
export type OpenTransaction = { openTransaction(): Transaction | undefined }

type Kept = ReturnType<typeof keptStatementsOf>

function serialised(inner: Adapter, kept: Kept): Adapter & OpenTransaction & Partial<DirectSqlite> {
  const lock = new Lock()
  let holder: Transaction | undefined
  return {
    openTransaction: () => holder,
    ...(kept ? { direct: (sql: string, args: readonly unknown[]) => lock.run(async () => runDirect(kept(sql), args)) } : {}),
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q) => lock.run(() => inner.queryRaw(q)),
    executeRaw: (q) => lock.run(() => inner.executeRaw(q)),
    executeScript: (script) => lock.run(() => inner.executeScript(script)),
    ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel) {
      // SQLite's transactions are serializable; the adapter refuses any other level too.
      if (isolationLevel && isolationLevel !== 'SERIALIZABLE') throw new Error(`SQLite cannot run a transaction at isolation level ${isolationLevel}`)
      const release = await lock.acquire()
      try {
        await inner.executeRaw(statement('BEGIN IMMEDIATE'))
      } catch (err) {
        release()
        throw err
      }
      const transaction = transactionOn(inner, kept, () => {
        if (holder === transaction) holder = undefined
        release()
      })
      holder = transaction
      return transaction
    },
  }
}

/**
 * The statements of one transaction, run on the connection while it holds the lock. Prisma
 * ends it by sending COMMIT or ROLLBACK, then calling commit() or rollback() (which let the
 * lock go). If that statement fails, Prisma never calls them: the transaction is rolled
 * back here and the lock let go, or every later statement would wait forever (or, if the
 * lock were simply let go, run inside a transaction nobody will end).
 */
function transactionOn(inner: Adapter, kept: Kept, release: () => void): Transaction & Partial<DirectSqlite> {
  return {
    ...(kept ? { direct: async (sql: string, args: readonly unknown[]) => runDirect(kept(sql), args) } : {}),
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (q) => inner.queryRaw(q),
    async executeRaw(q) {
      try {
        return await inner.executeRaw(q)
      } catch (err) {
        if (/^\s*(COMMIT|ROLLBACK)\b/i.test(q.sql)) {
          await inner.executeRaw(statement('ROLLBACK')).catch(() => {})
          release()
        }
        throw err
      }
    },
    commit: async () => release(),
    rollback: async () => release(),
  }
}

const statement = (sql: string): Query => ({ sql, args: [], argTypes: [] })

/** A first-come, first-served mutex; its releaser may be called more than once. */
class Lock {
  #last: Promise<void> = Promise.resolve()

  acquire(): Promise<() => void> {
    const previous = this.#last
    let free!: () => void
    this.#last = new Promise<void>((resolve) => (free = resolve))
    return previous.then(() => free)
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await work()
    } finally {
      release()
    }
  }
}
