import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Db } from '../db/client.ts'
import { isUniqueViolation } from '../db/errors.ts'
import { seedDemo } from '../db/seed-demo.ts'
import { createAccount, generatePassword as password, type NewAccount } from '../desk/accounts/index.ts'
import { DeskError } from '../desk/errors.ts'

/**
 * The demo union and its sign-ins, as a desk seeds them at start. Several processes may start
 * together on an empty database (web ×N): each may try, one seeds, and the others find what it
 * seeded (a unique key they meet says so) and start as if it had been there; none crashes.
 */
export async function seedDemoDesk(db: Db, o: { dataDir: string; accounts: boolean; now: Date }): Promise<{ tree: boolean; logins: string | null }> {
  const tree = await seedDemo(db, o.now)
  const logins = o.accounts ? await seedDemoAccounts(db, o.dataDir, o.now) : null
  return { tree, logins }
}

/**
 * Sign-ins for the demo union: every demo cadre and leader, a unit admin and a read-only
 * viewer at the city union. The passwords are random and written once to a file only the
 * desk's user can read (0600), never to the log or the terminal. Nothing happens when the
 * database already has accounts, or when another process is creating them (seedDemoDesk).
 */
export async function seedDemoAccounts(db: Db, dataDir: string, now: Date): Promise<string | null> {
  if ((await db.account.count()) > 0) return null
  const cadres = await db.cadre.findMany({ include: { unit: true }, orderBy: [{ unit: { path: 'asc' } }, { role: 'desc' }, { createdAt: 'asc' }] })
  const root = await db.orgUnit.findFirst({ orderBy: { path: 'asc' } })
  if (!root || cadres.length === 0) return null
  const counts = new Map<string, number>()
  const wanted: NewAccount[] = cadres.map((c) => {
    const key = `${c.unit.code}-${c.role}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    return { login: `${key}${counts.get(key)}`, displayName: c.name, role: c.role === 'leader' ? 'leader' : 'cadre', unitCode: c.unit.code, cadreId: c.id, password: password() }
  })
  wanted.push(
    { login: 'admin', displayName: '系统管理员', role: 'unit_admin', unitCode: root.code, password: password() },
    { login: 'viewer', displayName: '只读查看', role: 'viewer', unitCode: root.code, password: password() },
  )
  const lines = ['# Demo sign-ins for the console (/console). Change these passwords, or remove the demo accounts, before real use.', '# login\trole\tunit\tname\tpassword']
  for (const a of wanted) {
    try {
      await createAccount(db, a, now)
    } catch (err) {
      // Another process starting at the same moment took this login (or this cadre's account)
      // first. Every process creates them in the same order, so it is the one seeding them all
      // and writing its own sign-ins file: this one stops here and writes none.
      if (isUniqueViolation(err) || (err instanceof DeskError && err.code === 'login_taken')) return null
      throw err
    }
    lines.push([a.login, a.role, a.unitCode, a.displayName, a.password].join('\t'))
  }
  const file = path.join(dataDir, 'demo-logins.txt')
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 })
  return file
}
