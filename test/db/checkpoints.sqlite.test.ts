// SQLite's WAL checkpoints run on a thread of their own (src/db/sqlite-checkpoint.ts): the
// pages a writer commits reach the database file without that writer copying them back.
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sqlOf } from '../../src/db/sql.ts'
import { checkpointInBackground } from '../../src/db/sqlite-checkpoint.ts'
import { newId } from '../../src/lib/ids.ts'
import { eventually } from '../support/desk.ts'
import { clientForThisFile } from '../support/database.ts'

const t = clientForThisFile()
const at = new Date('2026-12-08T08:00:00.000Z')

describe('WAL checkpoints off the commit path', () => {
  it('copies committed pages into the database file from its own thread, the writer never checkpointing', async () => {
    const path = t.url.slice('file:'.length)
    const checkpoints = await checkpointInBackground(t.db, path, { everyMs: 50 })
    const [setting] = await t.db.$queryRawUnsafe<{ wal_autocheckpoint: bigint | number }[]>('PRAGMA wal_autocheckpoint')
    expect(Number(setting!.wal_autocheckpoint)).toBe(20_000) // the writer's own is only a backstop, far beyond these writes
    const before = statSync(path).size
    const sql = sqlOf(t.db)
    for (let batch = 0; batch < 10; batch++) {
      const rows = Array.from({ length: 200 }, (_, i) => ({ id: newId(), location: `舟山市定海区第${batch}-${i}号`.padEnd(120, '街'), updatedAt: at }))
      await sql.insertInto('Worker').values(rows).execute()
    }
    // About 2,000 rows of 400 bytes: a few hundred pages, all in the WAL until a checkpoint copies them.
    await eventually(async () => statSync(path).size - before > 150 * 4096)
    expect(await t.db.worker.count()).toBe(2000)
    await checkpoints.stop()
    await checkpoints.stop() // stopping twice is harmless (shutdown may try again)
  })
})
