import type BetterSqlite3 from 'better-sqlite3'

type Database = BetterSqlite3.Database
type Statement = BetterSqlite3.Statement<unknown[]>

/** What Prisma's better-sqlite3 adapter (6.19) does with a statement it prepared: bind, then run or read raw rows. */
type Bound = { readonly reader: boolean; run(): BetterSqlite3.RunResult; columns(): BetterSqlite3.ColumnDefinition[]; raw(): { all(): unknown[] } }

/**
 * Prepared statements kept for reuse. Prisma's better-sqlite3 adapter prepares every statement
 * anew (`client.prepare(sql).bind(args)`, then `run()` or `raw().all()`): SQLite parses and
 * plans the SQL each time, about a tenth of a message's CPU on the webhook's path
 * (docs/benchmarks.md). The desk sends a few dozen distinct statements, so here each SQL
 * text is prepared once and kept (least recently used first out, past `max`), and the
 * adapter is given a statement that binds its arguments per call instead of for good
 * (better-sqlite3 lets `bind` happen once per statement). SQLite re-plans a kept statement
 * by itself when the schema changes.
 *
 * Returns false when the adapter does not hold its connection where 6.19 does: statements
 * are then prepared each time, as before, and nothing else changes.
 */
export function keepPreparedStatements(adapter: object, max = 512): boolean {
  return keptStatementsOf(adapter, max) !== undefined
}

/** As keepPreparedStatements, giving the kept statements' source (sqlite-direct.ts runs the SQL layer's on them), or undefined. */
export function keptStatementsOf(adapter: object, max = 512): ((sql: string) => Statement) | undefined {
  const db = (adapter as { client?: unknown }).client
  if (!isDatabase(db)) return undefined
  const prepare = db.prepare.bind(db) as (sql: string) => Statement
  const kept = new Map<string, Statement>()
  const reused = (sql: string): Statement => {
    let stmt = kept.get(sql)
    if (stmt) {
      kept.delete(sql) // to the back of the line: used most recently
    } else {
      stmt = prepare(sql)
      if (kept.size >= max) kept.delete(kept.keys().next().value!)
    }
    kept.set(sql, stmt)
    return stmt
  }
  const patched = (sql: string) => new KeptStatement(reused(sql))
  Object.defineProperty(db, 'prepare', { value: patched, configurable: true, writable: true })
  return reused
}

/**
 * What the adapter is given for a kept statement. Classes, not closures made per call: the
 * adapter asks for one per statement it runs, and each closure would be made (and named,
 * under tsx) anew every time.
 */
class KeptStatement {
  constructor(private readonly stmt: Statement) {}
  /** The adapter's own BEGIN (a transaction not opened through sqlite-adapter.ts) runs unbound. */
  run() {
    return this.stmt.run()
  }
  bind(args: unknown[]): Bound {
    return new BoundStatement(this.stmt, args)
  }
}

class BoundStatement implements Bound {
  constructor(private readonly stmt: Statement, private readonly args: unknown[]) {}
  get reader() {
    return this.stmt.reader
  }
  run() {
    return this.stmt.run(this.args)
  }
  /**
   * Kept with the statement: better-sqlite3 builds the list anew on every call, and the
   * adapter asks before every read. A release's migration only adds columns while older
   * processes run (docs/operations.md §5), and SQLite appends them: a statement it re-planned
   * then returns more columns than the kept list, the extra ones at the end, which that one
   * read leaves out; it refreshes the list for the next.
   */
  columns() {
    return (columnsOf.get(this.stmt) ?? remember(this.stmt))
  }
  /** Raw mode stays on: the adapter reads every row of a reader raw. */
  raw() {
    return this
  }
  all() {
    return readRows(this.stmt, this.args)
  }
}

const columnsOf = new WeakMap<Statement, BetterSqlite3.ColumnDefinition[]>()
/** A statement's columns, kept (see BoundStatement.columns). */
export const columnsOfStatement = (stmt: Statement) => columnsOf.get(stmt) ?? remember(stmt)

/** A reader's rows, raw; a row of another length than the kept columns has them read again. */
export function readRows(stmt: Statement, args: readonly unknown[]): unknown[][] {
  const rows = stmt.raw(true).all(args) as unknown[][]
  if (rows.length > 0 && rows[0]!.length !== columnsOf.get(stmt)?.length) remember(stmt)
  return rows
}

function remember(stmt: Statement) {
  const columns = stmt.columns()
  columnsOf.set(stmt, columns)
  return columns
}

function isDatabase(v: unknown): v is Database {
  return typeof v === 'object' && v !== null && typeof (v as Database).prepare === 'function' && typeof (v as Database).exec === 'function'
}
