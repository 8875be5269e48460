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
 * values (`in (…)`) changes the SQL with its length: prepareWithList compiles one statement
 * per length, for lists that stay short; a long or open-ended one stays ordinary Kysely.
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

type Compiled = { query: CompiledQuery; slots: (string | { value: unknown })[] }

/** A statement compiled lazily per database kind: its SQL, and for each parameter the placeholder's name or the constant. */
function compiledOnce(build: (sql: Sql, p: Record<string, unknown>) => Compilable<unknown>) {
  const byKind: Partial<Record<DatabaseKind, Compiled>> = {}
  return (kind: DatabaseKind): Compiled => {
    const done = byKind[kind]
    if (done) return done
    const placeholders = new Proxy({}, { get: (_, name) => ({ [SLOT]: String(name) }) })
    const query = build(compilers[kind], placeholders).compile()
    return (byKind[kind] = { query, slots: query.parameters.map((v) => (isSlot(v) ? v[SLOT] : { value: v })) })
  }
}

/** `prepare<Values>()(build)`: the values' type first, the statement's result type then follows from what `build` returns. */
export function prepare<P extends Record<string, unknown>>() {
  return <C extends Compilable<unknown>>(build: (sql: Sql, p: P) => C): Prepared<P, InferResult<C>[number]> => {
    type R = InferResult<C>[number]
    const compiled = compiledOnce(build as unknown as (sql: Sql, p: Record<string, unknown>) => Compilable<unknown>)
    const execute = (q: object, values: P) => {
      const sql = sqlFor(q)
      const { query, slots } = compiled(kindOf(sql))
      const parameters = slots.map((s) => (typeof s === 'string' ? given(values, s) : s.value))
      return sql.executeQuery<R>({ ...query, parameters })
    }
    return {
      rows: async (q, values) => (await execute(q, values)).rows,
      first: async (q, values) => (await execute(q, values)).rows[0],
      run: async (q, values) => Number((await execute(q, values)).numAffectedRows ?? 0n),
    }
  }
}

function given(values: Record<string, unknown>, name: string): unknown {
  const v = values[name]
  // undefined would bind as NULL without a word: a value left out is a mistake here.
  if (v === undefined) throw new Error(`The prepared statement needs a value for "${name}" (null, if none).`)
  if (Array.isArray(v)) throw new Error(`"${name}" is a list: a list changes the statement's SQL, so it cannot be prepared; build that statement per call.`)
  return v
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
  type Shape = { columns: string[]; compiled: (kind: DatabaseKind) => Compiled; refs: Partial<Record<DatabaseKind, ({ row: number; column: string } | { value: unknown })[]>> }
  const shapes = new Map<string, Shape>()
  const shapeOf = (rows: readonly object[]): Shape => {
    const columns: string[] = []
    for (const [k, v] of Object.entries(rows[0]!)) if (v !== undefined) columns.push(k)
    const key = `${rows.length}|${columns.join(',')}`
    let shape = shapes.get(key)
    if (!shape) {
      const compiled = compiledOnce((sql, p) => sql.insertInto(table).values(rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, p[`${i}.${c}`]]))) as never))
      shapes.set(key, (shape = { columns, compiled, refs: {} }))
    }
    return shape
  }
  return {
    /** Inserts the rows; how many it wrote. */
    async run(q: object, rows: readonly Insertable<DB[T]>[]): Promise<number> {
      if (rows.length === 0) return 0
      const shape = shapeOf(rows)
      for (const row of rows) {
        const r = row as Record<string, unknown>
        let given = 0
        for (const k in r) if (r[k] !== undefined) given++
        if (given !== shape.columns.length || shape.columns.some((c) => r[c] === undefined)) throw new Error(`The rows of one insert into ${table} must have the same columns.`)
      }
      const sql = sqlFor(q)
      const kind = kindOf(sql)
      const { query, slots } = shape.compiled(kind)
      // Where each parameter comes from, worked out once: the row and column behind each placeholder.
      const refs = (shape.refs[kind] ??= slots.map((s) => {
        if (typeof s !== 'string') return s
        const dot = s.indexOf('.')
        return { row: Number(s.slice(0, dot)), column: s.slice(dot + 1) }
      }))
      const parameters = refs.map((ref) => ('value' in ref ? ref.value : (rows[ref.row] as Record<string, unknown>)[ref.column]))
      return Number((await sql.executeQuery({ ...query, parameters })).numAffectedRows ?? 0n)
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
