import type BetterSqlite3 from 'better-sqlite3'
import { columnsOfStatement, readRows } from './sqlite-statements.ts'

type Statement = BetterSqlite3.Statement<unknown[]>

/** The SQL layer's way to a kept statement on SQLite, past Prisma's adapter (sql.ts). */
export type DirectSqlite = { direct(sql: string, args: readonly unknown[]): Promise<DirectResult> }
export type DirectResult = { rows: Record<string, unknown>[] } | { changes: number }

export const isDirect = (q: object): q is DirectSqlite => typeof (q as Partial<DirectSqlite>).direct === 'function'

/**
 * Runs one of the SQL layer's statements on its kept better-sqlite3 statement, converting
 * as Prisma's adapter does on the way in (dates as ISO 8601 text with "+00:00", booleans as
 * 1 and 0) and as sql.ts does on the way out (DATETIME columns to Dates, BOOLEAN to
 * booleans). Going through the adapter cost a few microseconds a statement in argument
 * typing, mapping and its debug hooks, at some twenty statements a message. Errors come as
 * the adapter's would (name DriverAdapterError, the kind on `cause`: db/errors.ts reads it).
 */
export function runDirect(stmt: Statement, args: readonly unknown[]): DirectResult {
  const bound = args.map(toSqlite)
  try {
    if (!stmt.reader) return { changes: stmt.run(bound).changes }
    const raw = readRows(stmt, bound)
    const columns = columnsOfStatement(stmt)
    const kinds = kindsOf(columns)
    return {
      rows: raw.map((row) => {
        const out: Record<string, unknown> = {}
        for (let i = 0; i < columns.length; i++) out[columns[i]!.name] = fromSqlite(row[i], kinds[i]!)
        return out
      }),
    }
  } catch (err) {
    throw driverError(err)
  }
}

const toSqlite = (v: unknown): unknown =>
  v instanceof Date ? v.toISOString().replace('Z', '+00:00') : typeof v === 'boolean' ? (v ? 1 : 0) : v

type Kind = 'date' | 'boolean' | 'other'
const kinds = new WeakMap<BetterSqlite3.ColumnDefinition[], Kind[]>()
function kindsOf(columns: BetterSqlite3.ColumnDefinition[]): Kind[] {
  let k = kinds.get(columns)
  if (!k) {
    k = columns.map((c) => {
      const type = c.type?.toUpperCase()
      return type === 'DATETIME' || type === 'TIMESTAMP' ? 'date' : type === 'BOOLEAN' ? 'boolean' : 'other'
    })
    kinds.set(columns, k)
  }
  return k
}

function fromSqlite(v: unknown, kind: Kind): unknown {
  if (v === null || v === undefined) return null
  if (kind === 'date') return new Date(typeof v === 'bigint' ? Number(v) : (v as string | number))
  if (kind === 'boolean') return v === 1 || v === 1n || v === true || v === '1'
  return typeof v === 'bigint' ? Number(v) : v
}

class SqliteDriverError extends Error {
  override name = 'DriverAdapterError'
  constructor(override readonly cause: { kind: string; originalCode?: string; originalMessage?: string; constraint?: { fields: string[] } }) {
    super(cause.originalMessage ?? cause.kind)
  }
}

function driverError(err: unknown): unknown {
  const e = err as { code?: unknown; message?: unknown }
  if (typeof e?.code !== 'string' || !e.code.startsWith('SQLITE_')) return err
  const message = String(e.message)
  const base = { originalCode: e.code, originalMessage: message }
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const fields = message.split('constraint failed: ').at(1)?.split(', ').map((f) => f.split('.').pop()!)
    return new SqliteDriverError({ kind: 'UniqueConstraintViolation', ...base, ...(fields ? { constraint: { fields } } : {}) })
  }
  return new SqliteDriverError({ kind: e.code === 'SQLITE_BUSY' ? 'SocketTimeout' : 'sqlite', ...base })
}
