// Defect D6 (issue 11): two web processes started together on an empty database raced on the
// demo seed, and one crashed with "Unique constraint failed on (login)" in createAccount.
// Seeding now happens once whoever starts first; the other process starts as if it had found
// the demo union there. Real processes, started at the same instant, on both databases.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createPrisma } from '../../src/db/client.ts'
import { freshDatabase, type TestDatabase } from '../support/database.ts'

const databases: TestDatabase[] = []
const dirs: string[] = []
afterAll(async () => {
  for (const d of databases) await d.drop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** One desk's start-up seeding (what startDesk runs), in its own process, from `at` (ms since epoch) on. */
function seeder(databaseUrl: string, dataDir: string, at: number): Promise<{ code: number | null; out: string }> {
  const script = `
    import { createPrisma, tuneDatabase } from './src/db/client.ts'
    import { seedDemoDesk } from './src/node/demo-accounts.ts'
    const [url, dataDir, at] = process.argv.slice(1)
    const db = createPrisma(url)
    await tuneDatabase(db, url)
    await new Promise((r) => setTimeout(r, Math.max(0, Number(at) - Date.now())))
    const seeded = await seedDemoDesk(db, { dataDir, accounts: true, now: new Date() })
    console.log(JSON.stringify(seeded))
    await db.$disconnect()`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, databaseUrl, dataDir, String(at)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })))
}

describe('the demo seed with two processes starting at once', () => {
  it('seeds once; neither crashes; one sign-ins file, naming every account stored', async () => {
    // Three databases, two processes each, all at once: three chances for the race.
    const rounds = await Promise.all(
      [0, 1, 2].map(async () => {
        const db = await freshDatabase()
        databases.push(db)
        const [a, b] = [mkdtempSync(path.join(tmpdir(), 'nj-seed-')), mkdtempSync(path.join(tmpdir(), 'nj-seed-'))]
        dirs.push(a, b)
        return { db, a, b }
      }),
    )
    // Every process loads its modules first, then seeds at the same instant.
    const at = Date.now() + 8000
    const results = await Promise.all(rounds.map(({ db, a, b }) => Promise.all([seeder(db.url, a, at), seeder(db.url, b, at)])))
    for (const [i, { db, a, b }] of rounds.entries()) {
      const [ra, rb] = results[i]!
      expect([ra.code, rb.code], `${ra.out}\n${rb.out}`).toEqual([0, 0])
      const check = createPrisma(db.url)
      try {
        expect(await check.orgUnit.count({ where: { code: 'gd' } })).toBe(1)
        expect(await check.account.count()).toBeGreaterThan(2)
        // Exactly one process wrote the sign-ins, with every account stored.
        const files = [a, b].map((d) => path.join(d, 'demo-logins.txt')).filter((f) => existsSync(f))
        expect(files).toHaveLength(1)
        const logins = readFileSync(files[0]!, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0])
        expect(logins.sort()).toEqual((await check.account.findMany({ select: { login: true } })).map((x) => x.login).sort())
      } finally {
        await check.$disconnect()
      }
    }
  }, 120_000)
})
