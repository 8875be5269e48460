import { z } from 'zod'
import { inTransaction } from '../../db/transaction.ts'
import type { Employer } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { Login } from './accounts.ts'
import { audit } from './audit.ts'
import { hashPassword, passwordProblem } from './passwords.ts'

export const EmployerSignUp = z.object({
  name: z.string().trim().min(2, '请填写单位全称。').max(60, '单位名称最多 60 个字。'),
  creditCode: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '统一社会信用代码是 18 位数字和大写字母，请核对。'),
  unitCode: z.string().trim().min(1, '请选择所在地的工会。').max(60),
  login: Login,
  displayName: z.string().trim().min(1, '请填写联系人姓名。').max(40),
  password: z.string().min(1).max(200),
})
export type EmployerSignUp = z.input<typeof EmployerSignUp>

/**
 * A firm signs up for the job board: the firm (pending) and its first account, which cannot
 * sign in until a cadre of the chosen union unit has checked the firm and approved it.
 */
export async function registerEmployer(desk: Desk, input: EmployerSignUp): Promise<Employer> {
  const parsed = EmployerSignUp.safeParse(input)
  if (!parsed.success) throw new DeskError('account_invalid', parsed.error.issues.map((i) => i.message).join(' '))
  const e = parsed.data
  const weak = passwordProblem(e.password, e.login)
  if (weak) throw new DeskError('account_invalid', weak)
  const unit = await desk.db.orgUnit.findUnique({ where: { code: e.unitCode } })
  if (!unit) throw new DeskError('unit_not_found', '没有这个工会单位，请从列表里选。')
  if (await desk.db.employer.findFirst({ where: { creditCode: e.creditCode, status: { not: 'suspended' } } })) {
    throw new DeskError('login_taken', '这个统一社会信用代码已经注册过了。请用原来的账号登录，忘了密码请联系工会。')
  }
  if (await desk.db.account.findUnique({ where: { login: e.login } })) throw new DeskError('login_taken', `登录名 ${e.login} 已经有人用了，换一个吧。`)
  const passwordHash = await hashPassword(e.password)
  const now = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const employer = await tx.employer.create({ data: { name: e.name, creditCode: e.creditCode, unitId: unit.id, createdAt: now } })
    const account = await tx.account.create({
      data: { login: e.login, displayName: e.displayName, passwordHash, role: 'employer', unitId: unit.id, employerId: employer.id, active: false, createdAt: now, passwordChangedAt: now },
    })
    await audit(tx, { accountId: account.id, action: 'employer.registered', data: { employer: employer.id }, at: now })
    return employer
  })
}

