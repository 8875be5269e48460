// Outbox rows put on their queues are marked together (src/queue/outbox-marks.ts): a moment
// later, in one write, or at once when the process stops.
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrisma, tuneDatabase, type PrismaClient } from '../../src/db/client.ts'
import { stageJobs } from '../../src/queue/outbox.ts'
import { batchedOutboxMarks } from '../../src/queue/outbox-marks.ts'
import { eventually } from '../support/desk.ts'
import { freshDatabase, type TestDatabase } from '../support/database.ts'

let database: TestDatabase
let db: PrismaClient
const logger = pino({ level: 'silent' })

beforeAll(async () => {
  database = await freshDatabase()
  db = createPrisma(database.url)
  await tuneDatabase(db, database.url)
})

afterAll(async () => {
  await db?.$disconnect()
  await database.drop()
})

const stage = (n: number, tag: string) =>
  stageJobs(db, Array.from({ length: n }, (_, i) => ({ queue: 'intake' as const, name: 'process', jobId: `marks-${tag}-${i}`, payload: { messageId: `m-${tag}-${i}` }, runAt: new Date() })))

describe('outbox marks', () => {
  it('are held, then written in one go when flushed (as at shutdown)', async () => {
    const rows = await stage(3, 'held')
    const marks = batchedOutboxMarks({ db, logger, now: () => new Date() }, { everyMs: 60_000 })
    marks.add(rows.map((r) => r.id))
    expect(await db.outboxJob.count({ where: { id: { in: rows.map((r) => r.id) }, enqueuedAt: null } })).toBe(3)
    await marks.flush()
    const marked = await db.outboxJob.findMany({ where: { id: { in: rows.map((r) => r.id) } } })
    expect(marked.every((r) => r.enqueuedAt !== null && r.attempts === 1)).toBe(true)
    await marks.flush() // nothing held: nothing written, nothing thrown
  })

  it('are written by themselves a moment after they come, many rows and several adds in one write', async () => {
    const rows = await stage(1200, 'soon') // more than one statement's worth
    const marks = batchedOutboxMarks({ db, logger, now: () => new Date() }, { everyMs: 20 })
    for (let i = 0; i < rows.length; i += 100) marks.add(rows.slice(i, i + 100).map((r) => r.id))
    await eventually(async () => (await db.outboxJob.count({ where: { jobId: { startsWith: 'marks-soon-' }, enqueuedAt: null } })) === 0)
    expect(await db.outboxJob.count({ where: { jobId: { startsWith: 'marks-soon-' }, attempts: 1 } })).toBe(1200)
  })
})
