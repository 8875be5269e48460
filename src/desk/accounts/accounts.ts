import { z } from 'zod'
import type { Db } from '../../db/client.ts'
import type { Account } from '../../generated/prisma/client.ts'
import { DeskError } from '../errors.ts'
import { audit } from './audit.ts'
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { AccountRole } from './roles.ts'

export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, '登录名用 3–40 位小写字母、数字、点、横线或下划线。')

export const NewAccount = z.object({
  login: Login,
  displayName: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
  role: AccountRole,
  unitCode: z.string().min(1).max(60),
  /** The cadre this person is (cadres and leaders). */
  cadreId: z.string().min(1).max(40).optional(),
})
export type NewAccount = z.infer<typeof NewAccount>

/** Creates an account after checking the password and that the unit (and cadre) exist. */
export async function createAccount(db: Db, input: NewAccount, at: Date, byAccountId: string | null = null): Promise<Account> {
  const a = NewAccount.parse(input)
  const weak = passwordProblem(a.password, a.login)
  if (weak) throw new DeskError('account_invalid', weak)
  // A firm's account belongs to its firm, which a cadre approves: firms sign up on the job board themselves.
  if (a.role === 'employer') throw new DeskError('account_invalid', '企业账号由企业在招聘栏目自己注册，工会干部审核通过即可。')
  const unit = await db.orgUnit.findUnique({ where: { code: a.unitCode } })
  if (!unit) throw new DeskError('unit_not_found', `没有代码为 ${a.unitCode} 的单位。`)
  // A cadre's account is tied to the cadre it is: "my tickets", notices and answers go by it.
  if (a.role === 'cadre' && !a.cadreId) throw new DeskError('account_invalid', '干部账号要选是哪位干部。')
  if (a.cadreId && !(await db.cadre.findUnique({ where: { id: a.cadreId } }))) throw new DeskError('cadre_not_found', `没有编号为 ${a.cadreId} 的干部。`)
  const held = a.cadreId ? await db.account.findUnique({ where: { cadreId: a.cadreId }, select: { login: true } }) : null
  if (held) throw new DeskError('login_taken', `这位干部已经有账号了（登录名 ${held.login}），不用再建。`)
  if (await db.account.findUnique({ where: { login: a.login } })) throw new DeskError('login_taken', `登录名 ${a.login} 已经有人用了。`)
  const account = await db.account.create({
    data: { login: a.login, displayName: a.displayName, passwordHash: await hashPassword(a.password), role: a.role, unitId: unit.id, cadreId: a.cadreId ?? null, createdAt: at },
  })
  await audit(db, { accountId: byAccountId, action: 'account.created', data: { login: a.login, role: a.role, unit: a.unitCode }, at })
  return account
}

/**
 * The account for a login and password, or null. An unknown login costs the same time as a
 * wrong password, so timing does not tell which logins exist.
 */
export async function authenticate(db: Db, login: string, password: string): Promise<Account | null> {
  const parsed = Login.safeParse(login)
  const account = parsed.success ? await db.account.findUnique({ where: { login: parsed.data } }) : null
  const ok = await verifyPassword(password, account?.passwordHash ?? (await decoyHash))
  return account && account.active && ok ? account : null
}

export async function changePassword(db: Db, account: Account, current: string, next: string, at: Date): Promise<void> {
  if (!(await verifyPassword(current, account.passwordHash))) throw new DeskError('account_invalid', '原密码不对。')
  const weak = passwordProblem(next, account.login, current)
  if (weak) throw new DeskError('account_invalid', weak)
  await db.account.update({ where: { id: account.id }, data: { passwordHash: await hashPassword(next), passwordChangedAt: at } })
  await audit(db, { accountId: account.id, action: 'password.changed', at })
}
