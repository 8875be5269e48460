// `npm run users`: the first unit admin on a real install, with a first password shown once.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../../src/desk/accounts/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'

const t = deskForThisFile()
const users = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/users.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' },
  })

describe('npm run users', () => {
  it('adds an account with a generated first password, shown once, and lists it', async () => {
    const { stdout } = await users('add', '--login', 'Li.XY', '--name', '李晓燕', '--role', 'unit_admin', '--unit', demoUnion.units.city.code)
    const password = stdout.match(/shown once: (\S+)/)![1]!
    const account = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'li.xy' } })
    expect(account.role).toBe('unit_admin')
    expect(await verifyPassword(password, account.passwordHash)).toBe(true)
    expect(account.passwordHash).not.toContain(password)
    expect((await users('list')).stdout).toContain('li.xy\t单位管理员')
  }, 30_000)

  it('says what is wrong with a unit that does not exist', async () => {
    const err = await users('add', '--login', 'nobody', '--name', '某某', '--role', 'cadre', '--unit', 'no-such-unit').catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 65 })
    expect((err as { stderr: string }).stderr).toContain('没有代码为 no-such-unit 的单位')
  }, 30_000)
})
