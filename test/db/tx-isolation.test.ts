// On SQLite one better-sqlite3 connection serves every request (on PostgreSQL, a pool). A statement issued while another
// request's transaction is open must not run inside that transaction: it would be rolled
// back with it (a unique violation on every WeChat retry rolls one back) or see its
// uncommitted rows.
import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../src/db/transaction.ts'
import { clientForThisFile } from '../support/database.ts'

const t = clientForThisFile()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs a transaction that writes a worker, lets `meanwhile` issue its statement while the
 * transaction is still open, then rolls back. Resolves with what `meanwhile` returned.
 */
async function whileATransactionRollsBack<T>(meanwhile: () => PromiseLike<T>): Promise<{ value: T; rolledBackId: string }> {
  let opened!: (id: string) => void
  const open = new Promise<string>((r) => (opened = r))
  const rollingBack = inTransaction(t.db, async (tx) => {
    const w = await tx.worker.create({ data: { nameEnc: 'in-the-transaction' } })
    opened(w.id)
    await sleep(100) // the other statement is issued now, with this transaction open
    throw new Error('rollback')
  })
  const rolledBackId = await open
  // Issued while the transaction is open. A PrismaPromise runs only once `then` is called: call it now.
  const issued = new Promise<T>((resolve, reject) => meanwhile().then(resolve, reject))
  const [tx, value] = await Promise.allSettled([rollingBack, issued])
  expect(tx).toMatchObject({ status: 'rejected', reason: { message: 'rollback' } })
  if (value.status === 'rejected') throw value.reason
  return { value: value.value, rolledBackId }
}

describe('a statement issued while another transaction is open', () => {
  it('is not rolled back with that transaction', async () => {
    const { value: plain, rolledBackId } = await whileATransactionRollsBack(() => t.db.worker.create({ data: { nameEnc: 'plain-write' } }))
    expect(await t.db.worker.findUnique({ where: { id: plain.id } })).not.toBeNull()
    expect(await t.db.worker.findUnique({ where: { id: rolledBackId } })).toBeNull()
  })

  it('is not rolled back with it either when it is raw SQL', async () => {
    const before = await t.db.orgUnit.count()
    await whileATransactionRollsBack(() => t.db.$executeRaw`INSERT INTO "OrgUnit" ("id", "code", "name", "level", "path") VALUES ('raw-1', 'raw-1', '测试', 'group', '/raw-1/')`)
    expect(await t.db.orgUnit.count()).toBe(before + 1)
  })

  it('does not see the rows that transaction has not committed', async () => {
    const before = await t.db.worker.count()
    const { value: seen } = await whileATransactionRollsBack(() => t.db.worker.count())
    expect(seen).toBe(before)
  })
})
