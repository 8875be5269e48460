import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs'

/**
 * What the embedded Redis needs to know about other processes: is this pid still the
 * process that was recorded, and which redis-servers serve a directory. Linux answers from
 * /proc; elsewhere `ps` answers what it can (no start time, no working directory).
 */

const hasProc = process.platform === 'linux'

/** /proc/<pid>/stat without the command name, which may hold spaces: [state, ppid, …]. */
function stat(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/**
 * When the process started, as a token that tells a pid apart from a later process that
 * got the same number (Linux: clock ticks since boot). Undefined where it cannot be read.
 */
export function processStart(pid: number): string | undefined {
  return hasProc ? stat(pid)?.[19] : undefined
}

/** Alive and ours to signal: not gone, not a zombie waiting for a parent that does not reap, not another user's. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false // ESRCH: gone; EPERM: another user's, so never a desk or server of ours
  }
  return !hasProc || (stat(pid)?.[0] ?? 'Z') !== 'Z'
}

/** The same process that was recorded: running, and (where start times exist) started when it was recorded. */
export function isSameProcess(pid: number, start: string | undefined): boolean {
  if (!isRunning(pid)) return false
  const now = processStart(pid)
  return start === undefined || now === undefined || now === start
}

function isRedisServer(pid: number): boolean {
  if (hasProc) {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'redis-server'
    } catch {
      return false
    }
  }
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' })
  return ps.status === 0 && /redis-server$/.test(ps.stdout.trim())
}

/**
 * The running redis-servers whose data directory is `dir`. redis-server changes into its
 * `dir` at start, so on Linux its /proc/<pid>/cwd names it, whoever started it (an older
 * desk without a pid file too). `recorded` adds a pid from the pid file, which is all
 * there is to go on elsewhere.
 */
export function redisServersOn(dir: string, recorded?: number): number[] {
  const real = realpathSync(dir)
  const found = new Set<number>()
  if (hasProc) {
    for (const entry of readdirSync('/proc')) {
      const pid = Number(entry)
      if (!Number.isInteger(pid) || pid === process.pid) continue
      let cwd: string
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`) // EACCES for other users' processes
      } catch {
        continue
      }
      if (cwd === real && isRedisServer(pid) && isRunning(pid)) found.add(pid)
    }
  } else if (recorded && isRunning(recorded) && isRedisServer(recorded)) {
    found.add(recorded)
  }
  return [...found]
}

const until = async (done: () => boolean, ms: number) => {
  for (const deadline = Date.now() + ms; !done(); ) {
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 25))
  }
  return true
}

/**
 * Stops a process that is not our child: SIGTERM (redis-server writes out its append-only
 * file and exits), then SIGKILL after `graceMs`. Throws if it outlives both.
 */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  const gone = () => !isRunning(pid)
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  if (await until(gone, graceMs)) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    return
  }
  if (!(await until(gone, 2000))) throw new Error(`process ${pid} did not stop on SIGTERM or SIGKILL`)
}
