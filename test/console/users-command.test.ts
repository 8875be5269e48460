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
  }, 90_000)

  it('says what is wrong with a unit that does not exist', async () => {
    const err = await users('add', '--login', 'nobody', '--name', '某某', '--role', 'cadre', '--unit', 'no-such-unit').catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 65 })
    expect((err as { stderr: string }).stderr).toContain('没有代码为 no-such-unit 的单位')
  }, 90_000)

  it('says in one Chinese line, with no stack, what is wrong with a role or a login already taken', async () => {
    const fails = (...args: string[]) => users(...args).then(() => { throw new Error('expected a refusal') }, (e: { code: number; stderr: string }) => e)
    const role = await fails('add', '--login', 'zhang.s', '--name', '张三', '--role', 'boss', '--unit', demoUnion.units.city.code)
    expect(role.code).toBe(64)
    expect(role.stderr.trim()).toBe('没有“boss”这个角色。角色只能是 viewer（只读查看）、cadre（工会干部）、leader（分管领导）、unit_admin（单位管理员）。')
    expect(role.stderr.trim().split('\n')).toHaveLength(1)
    await users('add', '--login', 'wang.w', '--name', '王五', '--role', 'unit_admin', '--unit', demoUnion.units.city.code)
    const taken = await fails('add', '--login', 'Wang.W', '--name', '王五', '--role', 'unit_admin', '--unit', demoUnion.units.city.code)
    expect(taken.code).toBe(65)
    expect(taken.stderr.trim()).toBe('登录名 wang.w 已经有人用了。')
    const badLogin = await fails('add', '--login', 'x', '--name', '某某', '--role', 'viewer', '--unit', demoUnion.units.city.code)
    expect(badLogin.stderr.trim().split('\n')).toHaveLength(1)
    expect(badLogin.stderr).toMatch(/\p{Script=Han}/u)
    expect(badLogin.stderr).not.toMatch(/\s+at /)
  }, 60_000)
})

