// Outbox rows put on their queues are marked together (src/queue/outbox-marks.ts): a moment
// later, in one write, or at once when the process stops.
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { stageJobs } from '../../src/queue/outbox.ts'
import { batchedOutboxMarks } from '../../src/queue/outbox-marks.ts'
import { eventually } from '../support/desk.ts'
import { clientForThisFile } from '../support/database.ts'

const t = clientForThisFile()
const logger = pino({ level: 'silent' })

const stage = (n: number, tag: string) =>
  stageJobs(t.db, Array.from({ length: n }, (_, i) => ({ queue: 'intake' as const, name: 'process', jobId: `marks-${tag}-${i}`, payload: { messageId: `m-${tag}-${i}` }, runAt: new Date() })))

describe('outbox marks', () => {
  it('are held, then written in one go when flushed (as at shutdown)', async () => {
    const rows = await stage(3, 'held')
    const marks = batchedOutboxMarks({ db: t.db, logger, now: () => new Date() }, { everyMs: 60_000 })
    marks.add(rows.map((r) => r.id))
    expect(await t.db.outboxJob.count({ where: { id: { in: rows.map((r) => r.id) }, enqueuedAt: null } })).toBe(3)
    await marks.flush()
    const marked = await t.db.outboxJob.findMany({ where: { id: { in: rows.map((r) => r.id) } } })
    expect(marked.every((r) => r.enqueuedAt !== null && r.attempts === 1)).toBe(true)
    await marks.flush() // nothing held: nothing written, nothing thrown
  })

  it('are written by themselves a moment after they come, many rows and several adds in one write', async () => {
    const rows = await stage(1200, 'soon') // more than one statement's worth
    const marks = batchedOutboxMarks({ db: t.db, logger, now: () => new Date() }, { everyMs: 20 })
    for (let i = 0; i < rows.length; i += 100) marks.add(rows.slice(i, i + 100).map((r) => r.id))
    await eventually(async () => (await t.db.outboxJob.count({ where: { jobId: { startsWith: 'marks-soon-' }, enqueuedAt: null } })) === 0)
    expect(await t.db.outboxJob.count({ where: { jobId: { startsWith: 'marks-soon-' }, attempts: 1 } })).toBe(1200)
  })
})
