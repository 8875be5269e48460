// Another PROCESS holds SQLite's write lock (the worker role, a backup, the sqlite3 shell).
// A message sent meanwhile waits for the lock and is stored once it is let go; when the lock
// is held past the desk's budget the sender is told to retry (503 + Retry-After), not 500.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { deskForThisFile, json } from '../support/desk.ts'

const t = deskForThisFile()

const holders: ChildProcess[] = []
afterAll(() => {
  for (const c of holders) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

// Takes the write lock, says "locked", and commits after holdMs, or on a line on stdin
// (or when stdin closes, so it cannot outlive the test).
const holderScript = `
const db = new (require('better-sqlite3'))(process.argv[1])
db.exec('BEGIN IMMEDIATE')
console.log('locked')
const release = () => { db.exec('COMMIT'); console.log('released at ' + Date.now()); db.close(); process.exit(0) }
const ms = Number(process.argv[2])
if (ms > 0) setTimeout(release, ms)
process.stdin.on('data', release).on('end', release)`

type Holder = { child: ChildProcess; released: Promise<void>; releasedAt(): number; release(): void }

/** A second process holding the desk database's write lock: resolves once it holds it. */
async function holdWriteLock(holdMs: number): Promise<Holder> {
  const file = t.desk.config.DATABASE_URL.slice('file:'.length)
  const child = spawn(process.execPath, ['-e', holderScript, file, String(holdMs)], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] })
  holders.push(child)
  let out = ''
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(word) && resolve()
      child.stdout!.on('data', (chunk: Buffer) => ((out += chunk.toString()), check()))
      child.once('exit', () => (check(), reject(new Error(`the lock holder exited before saying "${word}"`))))
    })
  const released = said('released')
  released.catch(() => {})
  await said('locked')
  return { child, released, releasedAt: () => Number(out.match(/released at (\d+)/)?.[1]), release: () => child.stdin!.write('commit\n') }
}

const stored = async () => ({ messages: await t.desk.db.message.count(), workers: await t.desk.db.worker.count(), outbox: await t.desk.db.outboxJob.count() })

describe('POST /api/messages while another process holds the write lock', () => {
  it('waits for the lock and stores the message once it is let go', async () => {
    const holder = await holdWriteLock(1500)
    const res = await t.app.request('/api/messages', json({ text: '老板拖欠工资两个月了，怎么办', clientMessageId: 'write-lock-0001' }))
    const answeredAt = Date.now()
    expect(res.status).toBe(201)
    await holder.released
    // It waited behind the other process until that one committed, rather than failing at once
    // (the defect answered in ~40 ms). Timed by the holder's own clock: on a loaded machine the
    // test may hear "locked" late, so how long the request itself took says little.
    expect(answeredAt).toBeGreaterThanOrEqual(holder.releasedAt())
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    expect(await t.desk.db.ticket.findUnique({ where: { number: ticketNumber } })).not.toBeNull()
  })

  it('answers 503 with Retry-After, and stores nothing, when the lock is held past the budget', async () => {
    const before = await stored()
    const holder = await holdWriteLock(0) // until told
    try {
      const res = await t.app.request('/api/messages', json({ text: '公司不给交社保', clientMessageId: 'write-lock-0002' }))
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable')
    } finally {
      holder.release()
      await holder.released
    }
    expect(await stored()).toEqual(before)
  })
})
