/**
 * npm run users -- add --login li.xy --name 李晓燕 --role unit_admin --unit sz [--cadre <cadre id>]
 * npm run users -- list
 *
 * People's console accounts on a real install (the demo seed makes its own). `add` prints a
 * generated first password once; the person changes it after signing in. The database is
 * the one DATABASE_URL (or DATA_DIR) names, as for the desk itself.
 */
import { parseArgs } from 'node:util'
import { ZodError } from 'zod'
import { loadConfig } from '../src/config.ts'
import { createPrisma } from '../src/db/client.ts'
import { isUniqueViolation } from '../src/db/errors.ts'
import { assertMigrated } from '../src/db/migrate.ts'
import { AccountRole, createAccount, generatePassword, roleLabels } from '../src/desk/accounts/index.ts'
import { DeskError } from '../src/desk/errors.ts'

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { login: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, cadre: { type: 'string' } },
  })
  const config = loadConfig(process.env)
  await assertMigrated(config.DATABASE_URL)
  const db = createPrisma(config.DATABASE_URL)
  try {
    if (positionals[0] === 'list') {
      const accounts = await db.account.findMany({ include: { unit: true }, orderBy: { login: 'asc' } })
      for (const a of accounts) console.log([a.login, roleLabels[a.role as AccountRole] ?? a.role, a.unit.name, a.displayName, a.active ? '' : '(停用)'].join('\t'))
      return
    }
    if (positionals[0] !== 'add' || !values.login || !values.name || !values.role || !values.unit) {
      console.error('usage: npm run users -- add --login NAME --name 姓名 --role viewer|cadre|leader|unit_admin --unit UNIT_CODE [--cadre CADRE_ID]\n       npm run users -- list')
      process.exitCode = 64
      return
    }
    // Firms sign up on the job board and a cadre approves them: no employer accounts from here.
    const parsed = AccountRole.exclude(['employer']).safeParse(values.role)
    if (!parsed.success) {
      console.error(`没有“${values.role}”这个角色。角色只能是 ${AccountRole.options.filter((r) => r !== 'employer').map((r) => `${r}（${roleLabels[r]}）`).join('、')}。`)
      process.exitCode = 64
      return
    }
    const role = parsed.data
    const password = generatePassword()
    const account = await createAccount(db, { login: values.login, displayName: values.name, role, unitCode: values.unit, cadreId: values.cadre, password }, new Date())
    console.log(`Created ${account.login} (${roleLabels[role]}). First password, shown once: ${password}`)
    console.log('Sign in at /console/login and change it under 修改密码.')
  } catch (err) {
    // What the person typed was refused: one line saying why, no stack.
    if (err instanceof DeskError) {
      console.error(err.message)
      process.exitCode = 65
      return
    }
    if (err instanceof ZodError) {
      console.error(err.issues.map((i) => (/\p{Script=Han}/u.test(i.message) ? i.message : `${i.path.join('.') === 'displayName' ? '姓名' : i.path.join('.')}不对（${i.message}）`)).join(' '))
      process.exitCode = 65
      return
    }
    if (isUniqueViolation(err)) {
      console.error(`登录名 ${values.login?.toLowerCase()} 或这位干部已经有账号了。`)
      process.exitCode = 65
      return
    }
    throw err
  } finally {
    await db.$disconnect()
  }
}

void main()
