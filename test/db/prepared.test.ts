// Prepared statements (src/db/prepared.ts): built and compiled once per database kind, run
// with each call's values, on the client, inside an ORM transaction and inside the SQL
// layer's own; a missing value or a list is refused with a reason.
import { describe, expect, it } from 'vitest'
import { prepare, prepareInsert } from '../../src/db/prepared.ts'
import { sqlIn, sqlOf } from '../../src/db/sql.ts'
import { inTransaction } from '../../src/db/transaction.ts'
import { newId } from '../../src/lib/ids.ts'
import { clientForThisFile } from '../support/database.ts'

const t = clientForThisFile()

let built = 0
const addWorker = prepare<{ id: string; location: string | null; at: Date }>()((sql, p) => {
  built++
  return sql.insertInto('Worker').values({ id: p.id, location: p.location, nameEnc: 'sealed', updatedAt: p.at })
})
const workerById = prepare<{ id: string }>()((sql, p) => sql.selectFrom('Worker').select(['id', 'location', 'nameEnc', 'updatedAt']).where('id', '=', p.id))
const moveWorker = prepare<{ id: string; location: string }>()((sql, p) => sql.updateTable('Worker').set({ location: p.location }).where('id', '=', p.id).where('nameEnc', '=', 'sealed'))
const workersIn = prepare<{ ids: string[] }>()((sql, p) => sql.selectFrom('Worker').select('id').where('id', 'in', p.ids))

describe('prepared statements', () => {
  it('write and read with each call\'s values, typed as the schema types them, built once', async () => {
    const at = new Date('2026-12-08T09:00:00.123Z')
    const ids = [newId(), newId(), newId()]
    for (const [i, id] of ids.entries()) await addWorker.run(t.db, { id, location: i === 1 ? null : `定海区${i}号`, at })
    expect(await workerById.first(t.db, { id: ids[0]! })).toEqual({ id: ids[0], location: '定海区0号', nameEnc: 'sealed', updatedAt: at })
    expect(await workerById.first(t.db, { id: ids[1]! })).toMatchObject({ location: null })
    expect(await workerById.first(t.db, { id: 'nobody' })).toBeUndefined()
    expect(await moveWorker.run(t.db, { id: ids[2]!, location: '普陀区' })).toBe(1)
    expect(await moveWorker.run(t.db, { id: 'nobody', location: '普陀区' })).toBe(0)
    expect((await t.db.worker.findUniqueOrThrow({ where: { id: ids[2]! } })).location).toBe('普陀区')
    expect(built).toBe(1)
  })

  it('run inside an ORM transaction and the SQL layer\'s own, and roll back with them', async () => {
    const at = new Date('2026-12-08T09:30:00.000Z')
    const kept = newId()
    const undone = newId()
    await inTransaction(t.db, async (tx) => {
      await addWorker.run(tx, { id: kept, location: '岱山', at })
      expect(await workerById.first(tx, { id: kept })).toMatchObject({ location: '岱山' }) // its own uncommitted row
      expect(await sqlIn(tx).selectFrom('Worker').select('id').where('id', '=', kept).executeTakeFirst()).toEqual({ id: kept })
    })
    await expect(
      sqlOf(t.db).transaction().execute(async (trx) => {
        await addWorker.run(trx, { id: undone, location: '嵊泗', at })
        expect(await workerById.first(trx, { id: undone })).toBeDefined()
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    expect(await t.db.worker.count({ where: { id: { in: [kept, undone] } } })).toBe(1)
  })

  it('refuses a value left out, and a list, saying why', async () => {
    await expect(addWorker.run(t.db, { id: newId(), at: new Date() } as never)).rejects.toThrow(/needs a value for "location"/)
    await expect(workersIn.rows(t.db, { ids: ['a', 'b'] })).rejects.toThrow(/is a list/)
  })
})

describe('prepared inserts of whole rows', () => {
  const insertEvents = prepareInsert('TicketEvent')
  it('insert one row or several, compiled once per shape, a column left undefined left to its default', async () => {
    const unit = await t.db.orgUnit.create({ data: { code: 'u-prep', name: '测试工会', level: 'enterprise', path: '/u-prep/' } })
    const worker = await t.db.worker.create({ data: {} })
    const ticket = await t.db.ticket.create({
      data: { number: 'NJ-261208-0001', workerId: worker.id, channel: 'web', category: 'other', urgent: false, confidence: 1, classifiedBy: 'cadre', classifyReason: '', tier: 'enterprise', severity: 'normal', unitId: unit.id },
    })
    const at = new Date('2026-12-08T10:00:00.000Z')
    const event = (type: string) => ({ id: newId(), ticketId: ticket.id, type, actor: 'system', data: JSON.stringify({ type }), createdAt: at })
    expect(await insertEvents.run(t.db, [event('a')])).toBe(1)
    expect(await insertEvents.run(t.db, [event('b'), event('c')])).toBe(2)
    await insertEvents.run(t.db, [{ ...event('d'), data: undefined }]) // data left to its default (NULL)
    const rows = await t.db.ticketEvent.findMany({ where: { ticketId: ticket.id }, orderBy: { type: 'asc' } })
    expect(rows.map((r) => [r.type, r.data, r.createdAt])).toEqual([['a', '{"type":"a"}', at], ['b', '{"type":"b"}', at], ['c', '{"type":"c"}', at], ['d', null, at]])
    await expect(insertEvents.run(t.db, [event('e'), { ...event('f'), data: undefined }])).rejects.toThrow(/same columns/)
  })
})
