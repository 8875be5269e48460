// On SQLite an ORM transaction's tx is tied to the transaction holding the one connection
// (src/db/sql.ts, runTransaction) without an async context: Node 20 runs a hook on every
// promise of the process while any AsyncLocalStorage context is open.
import { AsyncLocalStorage } from 'node:async_hooks'
import { describe, expect, it, vi } from 'vitest'
import { sqlIn } from '../../src/db/sql.ts'
import { inTransaction } from '../../src/db/transaction.ts'
import { newId } from '../../src/lib/ids.ts'
import { clientForThisFile } from '../support/database.ts'

const t = clientForThisFile()
const at = new Date('2026-12-08T08:30:00.000Z')

describe('ORM transactions on SQLite', () => {
  it('run their plain SQL inside themselves, one after another, with no async context opened', async () => {
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run')
    const ids = [newId(), newId(), newId()]
    // Started together: each waits for the connection, and each sees only its own uncommitted row.
    const seen = await Promise.all(
      ids.map((id) =>
        inTransaction(t.db, async (tx) => {
          await sqlIn(tx).insertInto('Worker').values({ id, nameEnc: 'tied', updatedAt: at }).execute()
          await tx.worker.count() // an ORM statement in the same transaction, between the two
          return (await sqlIn(tx).selectFrom('Worker').select('id').where('id', 'in', ids).execute()).map((r) => r.id)
        }),
      ),
    )
    // One at a time: the first sees its row, the second the first's (committed) and its own, and so on.
    expect(seen.map((s) => s.length).sort()).toEqual([1, 2, 3])
    seen.forEach((mine, i) => expect(mine).toContain(ids[i]))
    await expect(inTransaction(t.db, async (tx) => {
      await sqlIn(tx).insertInto('Worker').values({ id: 'rolled-back', nameEnc: 'x', updatedAt: at }).execute()
      throw new Error('undo')
    })).rejects.toThrow('undo')
    expect(await t.db.worker.count({ where: { id: 'rolled-back' } })).toBe(0)
    expect(run).not.toHaveBeenCalled()
    run.mockRestore()
  })
})
