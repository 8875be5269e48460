import { Hono, type Context } from 'hono'
import { audit } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { OrgLevel } from '../../desk/vocabulary.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'

const levelLabels: Record<OrgLevel, string> = { province: '省总工会', city: '市总工会', county: '区县总工会', town: '街道、乡镇工会', enterprise: '企业工会', workshop: '车间工会', group: '工会小组' }

/**
 * The org tree below a unit admin's unit: a new enterprise union or workshop, and the words
 * that place a worker there (district and town names, employer names), which routing reads.
 */
export function unitAdminRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const inSubtree = (c: Context<ConsoleEnv>) => ({ path: { startsWith: c.get('signedIn').account.unit.path } })

  const page = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 404 | 409 | 422 = 200) => {
    const who = c.get('signedIn')
    const units = await desk.db.orgUnit.findMany({ where: inSubtree(c), orderBy: { path: 'asc' } })
    const depth = (path: string) => path.split('/').filter(Boolean).length - who.account.unit.path.split('/').filter(Boolean).length
    const csrf = who.session.csrfToken
    return c.html(
      <Page title="组织" who={who} csrf={csrf}>
        <h1>组织：单位和它们的别名</h1>
        <Notice {...notice} />
        {units.map((u) => (
          <form class="card" method="post" action={`/console/admin/units/${u.code}`} style={`margin-left:${Math.min(depth(u.path), 5)}rem`}>
            <Csrf token={csrf} />
            <strong>{u.name}</strong>（{levelLabels[u.level as OrgLevel] ?? u.level}，代码 {u.code}）
            <label for={`a-${u.code}`}>别名（逗号分隔：地名、企业名，职工写到它们时分派到这里）</label>
            <input id={`a-${u.code}`} name="aliases" value={u.aliases} maxlength={500} />
            <button class="quiet" type="submit">保存别名</button>
          </form>
        ))}
        <form class="card" method="post" action="/console/admin/units">
          <Csrf token={csrf} />
          <h2>新增下级单位</h2>
          <label for="parent">上级单位</label>
          <select id="parent" name="parent">{units.map((u) => <option value={u.code}>{u.name}</option>)}</select>
          <label for="name">名称</label><input id="name" name="name" required maxlength={60} />
          <label for="code">代码（小写字母、数字和横线，不能重复）</label><input id="code" name="code" required maxlength={40} pattern="[a-z0-9-]+" />
          <label for="level">层级</label>
          <select id="level" name="level">{OrgLevel.options.map((l) => <option value={l}>{levelLabels[l]}</option>)}</select>
          <label for="aliases">别名</label><input id="aliases" name="aliases" maxlength={500} />
          <button type="submit">新增</button>
        </form>
      </Page>,
      status,
    )
  }
  const aliasesOf = (v: unknown) => (typeof v === 'string' ? v.split(/[,，、]/).map((a) => a.trim()).filter(Boolean).slice(0, 30).join(',').slice(0, 500) : '')

  app.get('/admin/units', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/units', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const f = await c.req.parseBody()
    const parent = await desk.db.orgUnit.findFirst({ where: { code: String(f.parent ?? ''), ...inSubtree(c) } })
    const code = String(f.code ?? '').trim().toLowerCase()
    const name = String(f.name ?? '').trim().slice(0, 60)
    const level = OrgLevel.safeParse(f.level)
    if (!parent || !/^[a-z0-9-]{2,40}$/.test(code) || !name || !level.success) return page(c, { error: '请选上级单位，填名称和代码（小写字母、数字、横线），选层级。' }, 422)
    try {
      await desk.db.orgUnit.create({ data: { code, name, level: level.data, parentId: parent.id, path: `${parent.path}${code}/`, aliases: aliasesOf(f.aliases) } })
    } catch (err) {
      if (isUniqueViolation(err)) return page(c, { error: `代码 ${code} 已经有单位用了。` }, 409)
      throw err
    }
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'unit.changed', data: { code, parent: parent.code }, at: desk.now() })
    return page(c, { ok: `已新增 ${name}。` })
  })
  app.post('/admin/units/:code', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const unit = await desk.db.orgUnit.findFirst({ where: { code: c.req.param('code'), ...inSubtree(c) } })
    if (!unit) return page(c, { error: '没有这个单位，或者它不归您管。' }, 404)
    await desk.db.orgUnit.update({ where: { id: unit.id }, data: { aliases: aliasesOf((await c.req.parseBody()).aliases) } })
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'unit.changed', data: { code: unit.code, aliases: true }, at: desk.now() })
    return page(c, { ok: `${unit.name} 的别名已保存。` })
  })
  return app
}
