// The hot path's SQL layer (src/db/sql.ts) runs Kysely on Prisma's own driver adapter: what
// one writes, the other reads the same (dates, booleans, nulls); its transactions commit and
// roll back; on SQLite's one connection, a statement from elsewhere never lands inside its
// open transaction; and a unique violation reads as one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../src/lib/ids.ts'
import { createPrisma, tuneDatabase, type PrismaClient } from '../../src/db/client.ts'
import { isUniqueViolation } from '../../src/db/errors.ts'
import { sqlIn, sqlOf, type Sql } from '../../src/db/sql.ts'
import { inTransaction } from '../../src/db/transaction.ts'
import { freshDatabase, testDatabaseKind, type TestDatabase } from '../support/database.ts'

let database: TestDatabase
let db: PrismaClient
let sql: Sql

beforeAll(async () => {
  database = await freshDatabase()
  db = createPrisma(database.url)
  sql = sqlOf(db) // before any ORM statement: the layer connects on its own
  await tuneDatabase(db, database.url)
})

afterAll(async () => {
  await db?.$disconnect()
  await database.drop()
})

const at = new Date('2026-12-02T08:30:15.123Z')

describe('the SQL layer on the ORM’s adapter', () => {
  it('writes rows the ORM reads as it wrote them, and reads the ORM’s rows with dates and booleans typed', async () => {
    const id = newId()
    await sql.insertInto('Worker').values({ id, nameEnc: null, noticeShownAt: at, updatedAt: at }).execute()
    const read = await db.worker.findUniqueOrThrow({ where: { id } })
    expect(read.noticeShownAt).toEqual(at)
    expect(read.updatedAt).toEqual(at)
    expect(read.createdAt).toBeInstanceOf(Date) // the column's own default

    const unit = await db.orgUnit.create({ data: { code: 'u-sql', name: '测试工会', level: 'enterprise', path: '/u-sql/' } })
    await db.cadre.create({ data: { unitId: unit.id, name: '王干事', role: 'cadre', active: false } })
    const cadre = await sql.selectFrom('Cadre').selectAll().where('unitId', '=', unit.id).executeTakeFirstOrThrow()
    expect(cadre.active).toBe(false)
    expect(cadre.createdAt).toBeInstanceOf(Date)
    const active = await sql.selectFrom('Cadre').select('id').where('active', '=', false).where('unitId', '=', unit.id).execute()
    expect(active).toHaveLength(1)
  })

  it('counts the rows an update changed, and returns rows when asked', async () => {
    const id = newId()
    await sql.insertInto('Worker').values({ id, updatedAt: at }).execute()
    const first = await sql.updateTable('Worker').set({ noticeShownAt: at }).where('id', '=', id).where('noticeShownAt', 'is', null).executeTakeFirst()
    const again = await sql.updateTable('Worker').set({ noticeShownAt: at }).where('id', '=', id).where('noticeShownAt', 'is', null).executeTakeFirst()
    expect([first.numUpdatedRows, again.numUpdatedRows]).toEqual([1n, 0n])
    const returned = await sql.updateTable('Worker').set({ sensitiveConsent: 'granted' }).where('id', '=', id).returning(['id', 'noticeShownAt']).executeTakeFirstOrThrow()
    expect(returned).toEqual({ id, noticeShownAt: at })
  })

  it('commits a transaction, and rolls one back whole when its work throws', async () => {
    const kept = newId()
    const dropped = newId()
    await sql.transaction().execute(async (trx) => {
      await trx.insertInto('Worker').values({ id: kept, updatedAt: at }).execute()
    })
    await expect(
      sql.transaction().execute(async (trx) => {
        await trx.insertInto('Worker').values({ id: dropped, updatedAt: at }).execute()
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await db.worker.findUnique({ where: { id: kept } })).not.toBeNull()
    expect(await db.worker.findUnique({ where: { id: dropped } })).toBeNull()
  })

  it('keeps an ORM statement issued meanwhile out of its open transaction', async () => {
    const inside = newId()
    let opened!: () => void
    const open = new Promise<void>((r) => (opened = r))
    const rollingBack = sql.transaction().execute(async (trx) => {
      await trx.insertInto('Worker').values({ id: inside, updatedAt: at }).execute()
      opened()
      await new Promise((r) => setTimeout(r, 100))
      throw new Error('rollback')
    })
    await open
    const outside = db.worker.create({ data: { nameEnc: 'outside' } }).then((w) => w.id)
    await expect(rollingBack).rejects.toThrow('rollback')
    const outsideId = await outside
    expect(await db.worker.findUnique({ where: { id: outsideId } })).not.toBeNull()
    expect(await db.worker.findUnique({ where: { id: inside } })).toBeNull()
  })

  it('reports a repeated key as a unique violation, and the connection serves on', async () => {
    const id = newId()
    await sql.insertInto('Counter').values({ key: `k-${id}`, value: 1 }).execute()
    const err = await sql.transaction().execute((trx) => trx.insertInto('Counter').values({ key: `k-${id}`, value: 2 }).execute()).catch((e: unknown) => e)
    expect(isUniqueViolation(err)).toBe(true)
    expect(await sql.selectFrom('Counter').select('value').where('key', '=', `k-${id}`).executeTakeFirst()).toEqual({ value: 1 })
  })

  it('runs inside an ORM transaction as part of it: sees its writes, and is rolled back with it', async () => {
    const id = newId()
    await expect(
      inTransaction(db, async (tx) => {
        const w = await tx.worker.create({ data: { nameEnc: 'orm' } })
        const seen = await sqlIn(tx).selectFrom('Worker').select('id').where('id', '=', w.id).executeTakeFirst()
        expect(seen).toEqual({ id: w.id })
        await sqlIn(tx).insertInto('Worker').values({ id, updatedAt: at }).execute()
        expect(await tx.worker.findUnique({ where: { id } })).not.toBeNull()
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await db.worker.findUnique({ where: { id } })).toBeNull()
  })

  it('keeps concurrent ORM transactions apart, each with its own statements', async () => {
    const ids = [newId(), newId(), newId()]
    // On PostgreSQL all three hold their transactions open until each has written, and again until each has read
    // (under READ COMMITTED a read after another's commit would rightly see its row); SQLite runs them one after another.
    const together = () => {
      let arrived = 0
      let all!: () => void
      const everyone = new Promise<void>((r) => (all = r))
      return async () => {
        if (++arrived === ids.length) all()
        if (testDatabaseKind === 'postgresql') await everyone
      }
    }
    const allWrote = together()
    const allRead = together()
    const seen = await Promise.all(
      ids.map((id) =>
        inTransaction(db, async (tx) => {
          await sqlIn(tx).insertInto('Worker').values({ id, nameEnc: 'together', updatedAt: at }).execute()
          await allWrote()
          const rows = (await sqlIn(tx).selectFrom('Worker').select('id').where('id', 'in', ids).execute()).map((r) => r.id)
          await allRead()
          return rows
        }),
      ),
    )
    seen.forEach((mine, i) => expect(mine).toContain(ids[i]))
    // None saw another's uncommitted row.
    if (testDatabaseKind === 'postgresql') expect(seen.map((c) => c.length)).toEqual([1, 1, 1])
    expect(await db.worker.count({ where: { id: { in: ids } } })).toBe(3)
  })

  it('refuses a tx it was not given by inTransaction, saying where to get one', () => {
    expect(() => sqlIn({})).toThrow(/inTransaction/)
  })
})
