import { linkSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isSameProcess, processStart } from './processes.ts'

export class RedisDirBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `${dir} is in use by another desk (pid ${pid}), which runs its own redis-server on it. ` +
        'Stop that desk first, or give this one another DATA_DIR.',
    )
    this.name = 'RedisDirBusyError'
  }
}

export type DirLock = { file: string; release(): void }

type Holder = { pid: number; start?: string }

function readHolder(raw: string): Holder | undefined {
  try {
    const h = JSON.parse(raw) as Holder
    return Number.isInteger(h.pid) && h.pid > 0 ? h : undefined
  } catch {
    return undefined
  }
}

const readOrUndefined = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Puts `draft` at `file` only if `file` does not exist (EEXIST otherwise). */
function place(draft: string, file: string, content: string) {
  try {
    linkSync(draft, file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err
    writeFileSync(file, content, { flag: 'wx', mode: 0o600 }) // a filesystem without hard links: exclusive create
  }
}

/**
 * Takes `dir/desk.lock` for this process, so one desk at a time runs a redis-server on
 * `dir`. The lock appears whole and only if absent (written to a private file, then
 * hard-linked into place, which fails if the name exists), so two desks starting at once
 * cannot both take it. A lock whose holder is gone (killed -9, or a pid reused by a later
 * process: the start time differs) is stale; it is moved aside by rename, which only one
 * taker can do, and put back if what was moved turns out to be a newer, live lock.
 */
export function lockDir(dir: string): DirLock {
  const file = path.join(dir, 'desk.lock')
  const mine = JSON.stringify({ pid: process.pid, start: processStart(process.pid) })
  const draft = `${file}.${process.pid}.new`
  const aside = `${file}.${process.pid}.stale`
  writeFileSync(draft, mine, { mode: 0o600 })
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        place(draft, file, mine)
        return { file, release: () => readOrUndefined(file) === mine && rmSync(file, { force: true }) }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      const seen = readOrUndefined(file)
      if (seen === undefined) continue // released meanwhile
      const holder = readHolder(seen)
      if (holder && isSameProcess(holder.pid, holder.start)) throw new RedisDirBusyError(dir, holder.pid)
      try {
        renameSync(file, aside)
      } catch {
        continue // another taker moved it first
      }
      if (readOrUndefined(aside) !== seen) {
        // Not the stale lock we judged: a live desk's, taken between our read and our rename.
        try {
          linkSync(aside, file)
        } catch {
          /* a third desk holds it now; the loop judges again */
        }
      }
      unlinkSync(aside)
    }
    throw new Error(`could not take ${file}: it keeps changing hands`)
  } finally {
    rmSync(draft, { force: true })
  }
}
