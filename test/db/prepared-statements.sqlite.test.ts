// SQLite keeps its prepared statements (src/db/sqlite-statements.ts): each SQL text is
// prepared once however often it runs, every run binds its own arguments (reads, writes,
// the ORM's statements and the SQL layer's alike), and a statement pushed out of the cache
// is prepared again when it comes back.
import Database from 'better-sqlite3'
import { newId } from '../../src/lib/ids.ts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createPrisma, tuneDatabase, type PrismaClient } from '../../src/db/client.ts'
import { sqlOf, type Sql } from '../../src/db/sql.ts'
import { inTransaction } from '../../src/db/transaction.ts'
import { keepPreparedStatements } from '../../src/db/sqlite-statements.ts'
import { freshDatabase, type TestDatabase } from '../support/database.ts'

const prepare = vi.spyOn(Database.prototype, 'prepare')
let database: TestDatabase
let db: PrismaClient
let sql: Sql
const at = new Date('2026-12-07T08:00:00.000Z')

beforeAll(async () => {
  database = await freshDatabase()
  db = createPrisma(database.url)
  sql = sqlOf(db)
  await tuneDatabase(db, database.url)
})

afterAll(async () => {
  await db?.$disconnect()
  await database.drop()
})

const preparedTimes = (fragment: string) => prepare.mock.calls.filter(([s]) => String(s).includes(fragment)).length

describe('prepared statements on SQLite', () => {
  it('prepares a statement once, however often it runs, each run with its own arguments', async () => {
    const ids = Array.from({ length: 30 }, () => newId())
    for (const [i, id] of ids.entries()) await sql.insertInto('Worker').values({ id, location: `第${i}号`, updatedAt: at }).execute()
    for (const [i, id] of ids.entries()) {
      const row = await sql.selectFrom('Worker').select(['id', 'location']).where('id', '=', id).executeTakeFirstOrThrow()
      expect(row).toEqual({ id, location: `第${i}号` })
    }
    expect(preparedTimes('insert into "Worker"')).toBe(1)
    expect(preparedTimes('select "id", "location" from "Worker"')).toBe(1)
    // The same statement answering "no row" and counting changes still tells them apart.
    expect(await sql.selectFrom('Worker').select('id').where('id', '=', 'nobody').executeTakeFirst()).toBeUndefined()
    const changed = await sql.updateTable('Worker').set({ location: null }).where('id', 'in', ids.slice(0, 3)).executeTakeFirst()
    expect(changed.numUpdatedRows).toBe(3n)
  })

  it('serves the ORM and transactions from the same kept statements', async () => {
    const id = newId()
    for (let i = 0; i < 5; i++) {
      await inTransaction(db, async (tx) => {
        if (i === 0) await tx.worker.create({ data: { id, updatedAt: at } })
        await tx.worker.update({ where: { id }, data: { location: `第${i}次` } })
      })
      expect((await db.worker.findUniqueOrThrow({ where: { id } })).location).toBe(`第${i}次`)
    }
    expect(preparedTimes('BEGIN IMMEDIATE')).toBe(1)
    // A rolled-back transaction leaves nothing, and the statements it used go on working.
    await expect(inTransaction(db, async (tx) => {
      await tx.worker.update({ where: { id }, data: { location: '不算数' } })
      throw new Error('abandoned')
    })).rejects.toThrow('abandoned')
    expect((await db.worker.findUniqueOrThrow({ where: { id } })).location).toBe('第4次')
  })

  it('runs the SQL layer past the adapter, storing dates and booleans exactly as the ORM does', async () => {
    const [a, b] = [newId(), newId()]
    const when = new Date('2026-12-08T04:10:00.250Z')
    await sql.insertInto('Worker').values({ id: a, noticeShownAt: when, updatedAt: when }).execute()
    await db.worker.create({ data: { id: b, noticeShownAt: when, updatedAt: when } })
    const raw = new Database(database.url.slice('file:'.length), { readonly: true })
    const stored = raw.prepare('select id, noticeShownAt from Worker where id in (?, ?) order by id = ?').all(a, b, b) as { noticeShownAt: unknown }[]
    raw.close()
    expect(stored[0]!.noticeShownAt).toBe(stored[1]!.noticeShownAt) // the same text, whoever wrote it
    expect(await sql.selectFrom('Worker').select('noticeShownAt').where('id', '=', b).executeTakeFirst()).toEqual({ noticeShownAt: when })
    // A boolean binds as the ORM stores it (1), and reads back as a boolean.
    const unit = await db.orgUnit.create({ data: { code: 'u-direct', name: '直连', level: 'enterprise', path: '/u-direct/' } })
    const cadre = await db.cadre.create({ data: { unitId: unit.id, name: '王干事', role: 'cadre', active: true } })
    expect(await sql.selectFrom('Cadre').select(['active']).where('id', '=', cadre.id).where('active', '=', true).executeTakeFirst()).toEqual({ active: true })
    // A unique violation reads as the adapter's would.
    await expect(sql.insertInto('Worker').values({ id: a, updatedAt: when }).execute()).rejects.toMatchObject({ name: 'DriverAdapterError', cause: { kind: 'UniqueConstraintViolation' } })
  })

  it('prepares again a statement the cache let go, and gives the same answers', () => {
    const conn = new Database(':memory:')
    const adapter = { client: conn }
    expect(keepPreparedStatements(adapter, 2)).toBe(true)
    conn.exec('create table t (k integer primary key, v text)')
    const run = (s: string, args: unknown[]) => (conn.prepare(s) as unknown as { bind(a: unknown[]): { run(): unknown; raw(): { all(): unknown[] } } }).bind(args)
    run('insert into t (k, v) values (?, ?)', [1, 'a']).run()
    run('insert into t (k, v) values (?, ?)', [2, 'b']).run()
    const before = prepare.mock.calls.length
    expect(run('select v from t where k = ?', [1]).raw().all()).toEqual([['a']])
    expect(run('select k from t where v = ?', ['b']).raw().all()).toEqual([[2]])
    expect(run('select count(*) from t where k > ?', [0]).raw().all()).toEqual([[2]]) // the first select goes out
    expect(prepare.mock.calls.length - before).toBe(3)
    expect(run('select v from t where k = ?', [2]).raw().all()).toEqual([['b']]) // prepared again
    expect(prepare.mock.calls.length - before).toBe(4)
    expect(run('select count(*) from t where k > ?', [1]).raw().all()).toEqual([[1]]) // still kept
    expect(prepare.mock.calls.length - before).toBe(4)
    conn.close()
  })

  it('leaves an adapter it does not recognise as it is', () => {
    expect(keepPreparedStatements({})).toBe(false)
    expect(keepPreparedStatements({ client: { prepare: 'no' } })).toBe(false)
  })
})
