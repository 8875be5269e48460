import { AsyncLocalStorage } from 'node:async_hooks'
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client'
import {
  Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult,
} from 'kysely'
import type { DB } from '../generated/kysely/types.ts'
/** The ORM client as this layer needs it (client.ts imports this file, so not its type). */
type Db = { $connect(): Promise<void> }
import type { DatabaseKind } from './url.ts'
import type { OpenTransaction } from './sqlite-adapter.ts'
import { isDirect } from './sqlite-direct.ts'

/**
 * Hand-written SQL for the hot path, typed from the Prisma schema (src/generated/kysely).
 *
 * Prisma 6 compiles every ORM statement through its WASM query compiler (0.3–0.6 ms of CPU
 * each; docs/benchmarks.md), which made the ORM most of a message's cost. Kysely builds the
 * same statements in a few microseconds and runs them on Prisma's own driver adapter: the
 * same SQLite connection and lock (sqlite-adapter.ts), the same PostgreSQL pool, so a
 * statement here and one through Prisma never step on each other and share one set of
 * connections. Prisma stays the schema, the migrations and everything off the hot path.
 *
 * Two ways in: `sqlOf(db)` for statements and transactions of its own (the adapter's
 * transaction, BEGIN IMMEDIATE on SQLite, ended with COMMIT or ROLLBACK as Prisma ends its),
 * and `sqlIn(tx)` for statements inside a transaction the ORM opened (db/transaction.ts), so
 * that the hot statements of a longer piece of work can be plain SQL one at a time. Rows come back as the schema types them: the drivers give
 * dates as ISO strings and SQLite gives booleans as 0/1, converted here by column type.
 */
export type Sql = Kysely<DB>
type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory['connect']>>
type SqlQuery = Parameters<SqlDriverAdapter['queryRaw']>[0]
type SqlResultSet = Awaited<ReturnType<SqlDriverAdapter['queryRaw']>>
export type { DB }

const registry = new WeakMap<object, Sql>()
/** The SQL layer bound to each open ORM transaction (inTransaction), by its `tx`. */
const bound = new WeakMap<object, { transaction: Transaction; kind: DatabaseKind; sql?: Sql }>()
/** Carries the adapter transaction Prisma starts for an inTransaction call to the callback that gets its `tx`. */
const opening = new AsyncLocalStorage<{ transaction?: Transaction }>()
const kinds = new WeakMap<object, DatabaseKind>()
/** SQLite's open transaction, by client (see runTransaction). */
const openOnConnection = new WeakMap<object, () => Transaction | undefined>()

/** The SQL layer of a client made by createPrisma. */
export function sqlOf(db: Db): Sql {
  const sql = registry.get(db)
  if (!sql) throw new Error('This database client was not made by createPrisma (src/db/client.ts), so it has no SQL layer.')
  return sql
}

/** The SQL layer inside the ORM transaction `tx` (from inTransaction): its statements are that transaction's. */
export function sqlIn(tx: object): Sql {
  const b = bound.get(tx)
  if (!b) throw new Error('sqlIn needs the tx of a transaction opened by inTransaction (src/db/transaction.ts).')
  return (b.sql ??= new Kysely<DB>({ dialect: dialectOn(b.kind, async () => b.transaction, { joined: true }) }))
}

/**
 * The SQL layer for code that is given the client, an ORM transaction's `tx` or the SQL
 * layer itself: inside the transaction when it is one (sqlIn), on its own otherwise.
 */
export function sqlFor(q: object): Sql {
  if (q instanceof Kysely) return q as Sql
  return bound.has(q) ? sqlIn(q) : (registry.get(q) ?? sqlIn(q))
}

/**
 * Runs the ORM's interactive transaction so that sqlIn(tx) can find it: the adapter
 * transaction Prisma starts is tied to its `tx`, on SQLite as the one holding the
 * connection, on PostgreSQL (a pool: many at once) caught in this call's async context.
 */
export function runTransaction<T, Tx extends object>(db: Db, open: (work: (tx: Tx) => Promise<T>) => Promise<T>, work: (tx: Tx) => Promise<T>): Promise<T> {
  const kind = kinds.get(db)
  if (!kind) return open(work)
  const holding = openOnConnection.get(db)
  if (holding) {
    // SQLite: one connection, one transaction at a time (sqlite-adapter.ts), so when Prisma
    // hands over `tx`, the transaction holding the connection is this one. No async context
    // is needed, and none is opened: while any is, Node 20 runs a hook on every promise of
    // the process (a few per cent of a message's CPU on the webhook's path).
    return open((tx) => {
      const transaction = holding()
      if (!transaction) throw new Error('No SQLite transaction holds the connection as Prisma starts its callback.')
      bound.set(tx, { transaction, kind })
      return work(tx)
    })
  }
  const slot: { transaction?: Transaction } = {}
  return opening.run(slot, () =>
    open((tx) => {
      if (slot.transaction) bound.set(tx, { transaction: slot.transaction, kind })
      return work(tx)
    }),
  )
}

/**
 * Wraps the driver adapter factory Prisma connects through, so that the SQL layer runs on
 * the very adapter Prisma opened (never a second connection), and registers it for `db`.
 */
export function withSqlLayer(kind: DatabaseKind, factory: SqlDriverAdapterFactory): { factory: SqlDriverAdapterFactory; register(db: Db): void } {
  let connected: Promise<SqlDriverAdapter> | null = null
  let adapter: SqlDriverAdapter | null = null
  let connect: () => Promise<SqlDriverAdapter>
  const shared: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () =>
      (connected ??= factory.connect().then((opened) => (adapter = forgottenOnDispose(opened, () => ((connected = null), (adapter = null)))))),
  }
  return {
    factory: shared,
    register(db) {
      // Prisma connects lazily; the first SQL statement may come before any ORM one.
      connect = () => connected ?? db.$connect().then(() => connected ?? shared.connect())
      registry.set(db, new Kysely<DB>({ dialect: dialectOn(kind, () => connect()) }))
      kinds.set(db, kind)
      if (kind === 'sqlite') openOnConnection.set(db, () => (adapter as (SqlDriverAdapter & Partial<OpenTransaction>) | null)?.openTransaction?.())
    },
  }
}

/** The adapter as it is (a class instance on PostgreSQL: its methods stay bound), except that disposing of it forgets it. */
function forgottenOnDispose(adapter: SqlDriverAdapter, forget: () => void): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop) {
      if (prop === 'dispose') return () => (forget(), target.dispose())
      if (prop === 'startTransaction') {
        return async (...args: Parameters<SqlDriverAdapter['startTransaction']>) => {
          const transaction = await target.startTransaction(...args)
          const slot = opening.getStore()
          if (slot) slot.transaction = transaction
          return transaction
        }
      }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

/** `joined`: the queryable is an open transaction someone else ends; Kysely may not begin one on it. */
function dialectOn(kind: DatabaseKind, adapter: () => Promise<Queryable>, opts: { joined?: boolean } = {}): Dialect {
  const driver = new AdapterDriver(adapter, opts.joined ?? false)
  return kind === 'sqlite'
    ? { createDriver: () => driver, createQueryCompiler: () => new SqliteQueryCompiler(), createAdapter: () => new SqliteAdapter(), createIntrospector: (db) => new SqliteIntrospector(db) }
    : { createDriver: () => driver, createQueryCompiler: () => new PostgresQueryCompiler(), createAdapter: () => new PostgresAdapter(), createIntrospector: (db) => new PostgresIntrospector(db) }
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>
type Transaction = Awaited<ReturnType<SqlDriverAdapter['startTransaction']>>

class AdapterConnection implements DatabaseConnection {
  tx: Transaction | null = null
  constructor(readonly adapter: Queryable) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const on: Queryable = this.tx ?? this.adapter
    if (isDirect(on)) {
      // SQLite: straight to the kept statement (sqlite-direct.ts), converted the same way.
      const r = await on.direct(compiled.sql, compiled.parameters)
      return 'rows' in r ? { rows: r.rows as R[] } : { rows: [], numAffectedRows: BigInt(r.changes) }
    }
    const query: SqlQuery = { sql: compiled.sql, args: [...compiled.parameters], argTypes: compiled.parameters.map(argType) }
    if (returnsRows(compiled)) return { rows: rowsOf<R>(await on.queryRaw(query)) }
    return { rows: [], numAffectedRows: BigInt(await on.executeRaw(query)) }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The SQL layer does not stream; page the query instead.')
  }
}

class AdapterDriver implements Driver {
  constructor(private readonly adapter: () => Promise<Queryable>, private readonly joined: boolean) {}
  async init() {}
  async acquireConnection() {
    return new AdapterConnection(await this.adapter())
  }
  async beginTransaction(connection: DatabaseConnection) {
    if (this.joined) throw new Error('Already inside a transaction (sqlIn): run the statements directly.')
    const c = connection as AdapterConnection
    c.tx = await (c.adapter as SqlDriverAdapter).startTransaction()
  }
  async commitTransaction(connection: DatabaseConnection) {
    await end(connection as AdapterConnection, 'COMMIT')
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await end(connection as AdapterConnection, 'ROLLBACK')
  }
  async releaseConnection() {}
  async destroy() {}
}

/** As Prisma ends a transaction (usePhantomQuery false): the statement, then the adapter's hook that lets the connection go. */
async function end(c: AdapterConnection, statement: 'COMMIT' | 'ROLLBACK') {
  const tx = c.tx!
  c.tx = null
  try {
    await tx.executeRaw({ sql: statement, args: [], argTypes: [] })
  } finally {
    await (statement === 'COMMIT' ? tx.commit() : tx.rollback())
  }
}

function returnsRows(compiled: CompiledQuery): boolean {
  const node = compiled.query as { kind: string; returning?: unknown }
  return node.kind === 'SelectQueryNode' || node.kind === 'RawNode' || node.returning !== undefined
}

function argType(v: unknown): SqlQuery['argTypes'][number] {
  const scalarType =
    v instanceof Date ? 'datetime'
    : typeof v === 'boolean' ? 'boolean'
    : typeof v === 'bigint' ? 'bigint'
    : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float')
    : typeof v === 'string' ? 'string'
    : 'unknown'
  return { scalarType, arity: 'scalar' }
}

// The drivers' column types (ColumnTypeEnum in @prisma/driver-adapter-utils). Integers come
// as strings (the SQLite adapter reads safe integers; PostgreSQL's int8 is text): the
// schema's Int columns and counts are far below 2^53, so they are numbers here.
const INT32 = 0
const INT64 = 1
const BOOLEAN = 5
const DATETIME = 10
const convert = (v: unknown, t: number | undefined): unknown =>
  t === DATETIME ? new Date(v as string)
  : t === BOOLEAN ? v === true || v === 1 || v === '1'
  : (t === INT32 || t === INT64) && typeof v === 'string' ? Number(v)
  : v

function rowsOf<R>(set: SqlResultSet): R[] {
  const { columnNames, columnTypes, rows } = set
  return rows.map((row) => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < columnNames.length; i++) {
      const v = row[i]
      out[columnNames[i]!] = v === null ? null : convert(v, columnTypes[i])
    }
    return out as R
  })
}
