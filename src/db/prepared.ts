import {
  DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type Compilable, type CompiledQuery, type InferResult, type Insertable,
} from 'kysely'
import { sqlFor, type DB, type Sql } from './sql.ts'
import type { DatabaseKind } from './url.ts'

/**
 * Statements of the hot path, built and compiled once per database kind, then run with
 * each call's values.
 *
 * Kysely builds every statement anew (a tree of frozen nodes) and compiles it to SQL on
 * each call: at a few dozen statements a message that was about a tenth of the webhook's
 * CPU (docs/benchmarks.md). A prepared statement is built once with placeholders (`p.id`
 * stands for the value given as `id` when it runs), compiled for SQLite or PostgreSQL the
 * first time it runs there, and from then on only has its values put in place.
 *
 * What a statement may hold is what does not change from call to call: its shape (the
 * columns it sets, the rows it inserts, its conditions) and its constants. A list of
 * values (`in (…)`) changes the SQL with its length: such statements stay ordinary Kysely.
 *
 * @example
 * const setNumber = prepare<{ id: string; number: string; at: Date }>()((sql, p) =>
 *   sql.updateTable('Ticket').set({ number: p.number, updatedAt: p.at }).where('id', '=', p.id))
 * await setNumber.run(tx, { id, number, at })
 */
export type Prepared<P, R> = {
  /** The rows it returns (none for a write without `returning`). `q`: the client, an ORM transaction's tx, or the SQL layer (sqlFor). */
  rows(q: object, values: P): Promise<R[]>
  /** The first row, if any. */
  first(q: object, values: P): Promise<R | undefined>
  /** Runs it; for a write, how many rows it changed. */
  run(q: object, values: P): Promise<number>
}

const SLOT = Symbol('prepared statement value')
type Slot = { readonly [SLOT]: string }
const isSlot = (v: unknown): v is Slot => typeof v === 'object' && v !== null && SLOT in v

/** `prepare<Values>()(build)`: the values' type first, the statement's result type then follows from what `build` returns. */
export function prepare<P extends Record<string, unknown>>() {
  return <C extends Compilable<unknown>>(build: (sql: Sql, p: P) => C): Prepared<P, InferResult<C>[number]> => {
    type R = InferResult<C>[number]
    const compiled: Partial<Record<DatabaseKind, { query: CompiledQuery; slots: (string | { value: unknown })[] }>> = {}
    const forKind = (kind: DatabaseKind) => {
      const placeholders = new Proxy({}, { get: (_, name) => ({ [SLOT]: String(name) }) }) as P
      const query = build(compilers[kind], placeholders).compile()
      const slots = query.parameters.map((v) => (isSlot(v) ? v[SLOT] : { value: v }))
      return (compiled[kind] = { query, slots })
    }
    const execute = (q: object, values: P) => {
      const sql = sqlFor(q)
      const { query, slots } = compiled[kindOf(sql)] ?? forKind(kindOf(sql))
      const parameters = slots.map((s) => {
        if (typeof s !== 'string') return s.value
        const v = values[s]
        // undefined would bind as NULL without a word: a value left out is a mistake here.
        if (v === undefined) throw new Error(`The prepared statement needs a value for "${s}" (null, if none).`)
        if (Array.isArray(v)) throw new Error(`"${s}" is a list: a list changes the statement's SQL, so it cannot be prepared; build that statement per call.`)
        return v
      })
      return sql.executeQuery<R>({ ...query, parameters })
    }
    return {
      rows: async (q, values) => (await execute(q, values)).rows,
      first: async (q, values) => (await execute(q, values)).rows[0],
      run: async (q, values) => Number((await execute(q, values)).numAffectedRows ?? 0n),
    }
  }
}

/**
 * A statement with one list of values (`in (…)`): compiled once per length of the list, the
 * list's placeholders handed to `build` as `list`. For lists that stay short (the cadres of
 * one unit, the levels above one), so that few lengths ever occur.
 */
export function prepareWithList<P extends Record<string, unknown>, L>() {
  return <C extends Compilable<unknown>>(build: (sql: Sql, p: P, list: L[]) => C) => {
    const byLength = new Map<number, Prepared<Record<string, unknown>, InferResult<C>[number]>>()
    const statement = (n: number) => {
      let s = byLength.get(n)
      if (!s) byLength.set(n, (s = prepare<Record<string, unknown>>()((sql, p) => build(sql, p as P, Array.from({ length: n }, (_, i) => p[`list.${i}`] as L)))))
      return s
    }
    const valuesOf = (values: P, list: readonly L[]) => {
      const all: Record<string, unknown> = { ...values }
      list.forEach((v, i) => (all[`list.${i}`] = v))
      return all
    }
    return {
      rows: (q: object, values: P, list: readonly L[]) => statement(list.length).rows(q, valuesOf(values, list)),
      first: (q: object, values: P, list: readonly L[]) => statement(list.length).first(q, valuesOf(values, list)),
      run: (q: object, values: P, list: readonly L[]) => statement(list.length).run(q, valuesOf(values, list)),
    }
  }
}

/**
 * An insert of whole rows into `table`: the values are the rows themselves. Compiled once
 * for each shape it meets (how many rows, which columns have a value: a column left
 * undefined is left to its default, as Kysely does), so a caller that always writes the same
 * kind of row compiles it once. The rows of one call have the same columns.
 */
export function prepareInsert<T extends keyof DB & string>(table: T) {
  const shapes = new Map<string, { columns: string[]; statement: Prepared<Record<string, unknown>, unknown> }>()
  const shapeOf = (rows: readonly object[]) => {
    const columns: string[] = []
    for (const [k, v] of Object.entries(rows[0]!)) if (v !== undefined) columns.push(k)
    const key = `${rows.length}|${columns.join(',')}`
    let shape = shapes.get(key)
    if (!shape) {
      const statement = prepare<Record<string, unknown>>()((sql, p) =>
        sql.insertInto(table).values(rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, p[`${i}.${c}`]]))) as never),
      )
      shapes.set(key, (shape = { columns, statement }))
    }
    return shape
  }
  return {
    /** Inserts the rows; how many it wrote. */
    async run(q: object, rows: readonly Insertable<DB[T]>[]): Promise<number> {
      if (rows.length === 0) return 0
      const { columns, statement } = shapeOf(rows)
      const values: Record<string, unknown> = {}
      rows.forEach((row, i) => {
        const r = row as Record<string, unknown>
        let given = 0
        for (const k in r) if (r[k] !== undefined) given++
        for (const c of columns) {
          if (r[c] === undefined) given = -1
          values[`${i}.${c}`] = r[c]
        }
        if (given !== columns.length) throw new Error(`The rows of one insert into ${table} must have the same columns.`)
      })
      return statement.run(q, values)
    },
  }
}

const kindOf = (sql: Sql): DatabaseKind => (sql.getExecutor().adapter instanceof PostgresAdapter ? 'postgresql' : 'sqlite')

/** Compile-only clients: they turn a statement into each dialect's SQL and never connect. */
const compilers: Record<DatabaseKind, Sql> = {
  sqlite: new Kysely<DB>({
    dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
  }),
  postgresql: new Kysely<DB>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  }),
}
