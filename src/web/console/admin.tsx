import { Hono, type Context } from 'hono'
import { AccountRole, audit, createAccount, hashPassword, passwordProblem, roleLabels } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { PendingErasuresLink } from './erasure.tsx'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'

/** A unit admin's pages: the accounts of their subtree (and a new one); the audit log of what those people did is audit.tsx. */
export function adminRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const subtree = (c: Context<ConsoleEnv>) => ({ unit: { path: { startsWith: c.get('signedIn').account.unit.path } } })

  const page = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 422 = 200) => {
    const who = c.get('signedIn')
    const [accounts, units, cadres] = await Promise.all([
      desk.db.account.findMany({ where: subtree(c), include: { unit: true }, orderBy: { login: 'asc' } }),
      desk.db.orgUnit.findMany({ where: { path: { startsWith: who.account.unit.path } }, orderBy: { path: 'asc' } }),
      desk.db.cadre.findMany({ where: { ...subtree(c), account: null }, include: { unit: true }, orderBy: { name: 'asc' } }),
    ])
    return c.html(
      <Page title="账号与审计" who={who} csrf={who.session.csrfToken}>
        <h1>账号与审计</h1>
        <Notice {...notice} />
        <p><a href="/console/admin/audit">审计日志 →</a>　<a href="/console/admin/cadres">干部的分工、容量和请假 →</a>　<a href="/console/admin/canned">常用答复 →</a>　<a href="/console/admin/sla">时限 →</a>　<a href="/console/admin/units">组织 →</a>　<a href="/console/admin/wording">职工读到的用语 →</a>　<a href="/console/admin/knowledge">知识库 →</a>　<a href="/console/admin/bot">微信机器人 →</a>　<PendingErasuresLink desk={desk} who={who} /></p>
        <h2>账号（{accounts.length}）</h2>
        <table>
          <thead><tr><th>登录名</th><th>姓名</th><th>角色</th><th>单位</th><th></th></tr></thead>
          <tbody>{accounts.map((a) => (
            <tr>
              <td>{a.login}</td><td>{a.displayName}</td><td>{roleLabels[a.role as AccountRole] ?? a.role}</td><td>{a.unit.name}{a.active ? '' : '（停用）'}</td>
              <td>{a.id === who.account.id ? null : (
                <form method="post" action={`/console/admin/accounts/${a.login}`}>
                  <Csrf token={who.session.csrfToken} />
                  <input name="password" type="password" placeholder="新的初始密码" autocomplete="new-password" aria-label={`${a.login} 的新初始密码`} />
                  <button class="quiet" type="submit" name="action" value="reset">重设密码</button>{' '}
                  <button class="quiet" type="submit" name="action" value={a.active ? 'disable' : 'enable'}>{a.active ? '停用' : '启用'}</button>
                </form>
              )}</td>
            </tr>
          ))}</tbody>
        </table>
        <form class="card" method="post" action="/console/admin/accounts">
          <Csrf token={who.session.csrfToken} />
          <h2>新建账号</h2>
          <label for="login">登录名</label><input id="login" name="login" required maxlength={40} />
          <label for="displayName">姓名</label><input id="displayName" name="displayName" required maxlength={40} />
          <label for="role">角色</label>
          <select id="role" name="role">{AccountRole.options.filter((r) => r !== 'employer').map((r) => <option value={r}>{roleLabels[r]}</option>)}</select>
          <label for="unitCode">单位</label>
          <select id="unitCode" name="unitCode">{units.map((u) => <option value={u.code}>{u.name}</option>)}</select>
          <label for="cadreId">这位是哪位干部（干部和领导的账号要选，“我的工单”按它算）</label>
          <select id="cadreId" name="cadreId">
            <option value="">不是干部（管理员、只读查看）</option>
            {cadres.map((x) => <option value={x.id}>{x.name}（{x.unit.name}）</option>)}
          </select>
          <label for="password">初始密码（对方登录后自己修改）</label><input id="password" name="password" type="password" required autocomplete="new-password" />
          <button type="submit">新建</button>
        </form>
      </Page>,
      status,
    )
  }

  app.get('/admin', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/accounts', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const who = c.get('signedIn')
    const f = await c.req.parseBody()
    const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '')
    const role = AccountRole.safeParse(str('role'))
    // Only into the admin's own subtree.
    const unit = await desk.db.orgUnit.findFirst({ where: { code: str('unitCode'), path: { startsWith: who.account.unit.path } } })
    if (!role.success || !unit) return page(c, { error: '请选角色和本单位及下级的单位。' }, 422)
    const cadre = str('cadreId') ? await desk.db.cadre.findFirst({ where: { id: str('cadreId'), ...subtree(c) } }) : null
    if (str('cadreId') && !cadre) return page(c, { error: '只能选本单位及下级的干部。' }, 422)
    try {
      await createAccount(desk.db, { login: str('login'), displayName: str('displayName'), password: str('password'), role: role.data, unitCode: unit.code, cadreId: cadre?.id }, desk.now(), who.account.id)
    } catch (err) {
      if (err instanceof DeskError) return page(c, { error: err.message }, 422)
      if (err instanceof Error && err.name === 'ZodError') return page(c, { error: '登录名用 3–40 位小写字母、数字、点、横线或下划线，姓名必填。' }, 422)
      throw err
    }
    return page(c, { ok: `账号 ${str('login').toLowerCase()} 已建好，请把初始密码当面或电话告诉对方。` })
  })
  // Reset a password or switch an account off: either ends every session it has at once.
  app.post('/admin/accounts/:login', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const who = c.get('signedIn')
    const target = await desk.db.account.findFirst({ where: { login: c.req.param('login'), ...subtree(c) } })
    if (!target || target.id === who.account.id) return page(c, { error: '没有这个账号，或者不归您管（自己的密码请在“修改密码”里改）。' }, 422)
    const f = await c.req.parseBody()
    const now = desk.now()
    if (f.action === 'reset') {
      const password = typeof f.password === 'string' ? f.password : ''
      const weak = passwordProblem(password, target.login)
      if (weak) return page(c, { error: weak }, 422)
      await desk.db.account.update({ where: { id: target.id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: now } })
    } else if (f.action === 'disable' || f.action === 'enable') {
      await desk.db.account.update({ where: { id: target.id }, data: { active: f.action === 'enable' } })
    } else return page(c, { error: '不知道要做什么。' }, 422)
    await desk.db.session.updateMany({ where: { accountId: target.id, endedAt: null }, data: { endedAt: now } })
    await audit(desk.db, { accountId: who.account.id, action: 'account.changed', data: { login: target.login, action: f.action }, at: now })
    return page(c, { ok: f.action === 'reset' ? `${target.login} 的密码已重设，请当面或电话告诉 TA。` : `${target.login} 已${f.action === 'enable' ? '启用' : '停用'}。` })
  })
  return app
}
