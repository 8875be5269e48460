import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from './client.ts'

/**
 * SQLite's WAL checkpoints, moved off the commit path. By default the connection that
 * commits past 1,000 pages of WAL copies them back into the database file itself, fsync
 * included, inside that COMMIT: half of what a commit cost on the webhook's path
 * (docs/benchmarks.md), paid by whichever message happened to cross the line. Here a
 * thread of this process, on a connection of its own, checkpoints every `everyMs`
 * (PASSIVE: it never waits for, nor blocks, the writer), and the writer's own automatic
 * checkpoint stays only as a backstop, at `backstopPages`, should the thread fall behind
 * or stop.
 */
export async function checkpointInBackground(db: Db, file: string, opts: { everyMs?: number; backstopPages?: number } = {}): Promise<{ stop(): Promise<void> }> {
  await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${Math.trunc(opts.backstopPages ?? 20_000)}`)
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), file, everyMs: opts.everyMs ?? 1000 },
    // The thread needs none of the loaders the main thread runs with.
    execArgv: [],
  })
  worker.unref()
  let stopped = false
  worker.on('error', () => {}) // a failed checkpoint leaves the backstop to do the work; nothing else depends on it
  return {
    async stop() {
      if (stopped) return
      stopped = true
      await worker.terminate()
    },
  }
}

const THREAD = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const db = new Database(workerData.file, { timeout: 5000 })
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}, workerData.everyMs)
`
