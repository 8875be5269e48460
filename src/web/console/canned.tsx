import { Hono, type Context } from 'hono'
import { audit } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import type { OrgUnit } from '../../generated/prisma/client.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, trimmedField, unitAdminsOnly, type ConsoleEnv } from './session.ts'

/** The answers ready for a ticket of `unit`: its own unit's and those of every unit above it. */
export async function cannedFor(desk: Desk, unit: OrgUnit) {
  const codes = unit.path.split('/').filter(Boolean)
  return desk.db.cannedReply.findMany({ where: { unit: { code: { in: codes } } }, orderBy: { title: 'asc' }, select: { id: true, title: true, text: true } })
}

/** A unit admin keeps the answers ready for the units of their subtree. */
export function cannedRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const inSubtree = (c: Context<ConsoleEnv>) => ({ path: { startsWith: c.get('signedIn').account.unit.path } })

  const page = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 404 | 422 = 200) => {
    const who = c.get('signedIn')
    const [replies, units] = await Promise.all([
      desk.db.cannedReply.findMany({ where: { unit: inSubtree(c) }, include: { unit: true }, orderBy: [{ unit: { path: 'asc' } }, { title: 'asc' }] }),
      desk.db.orgUnit.findMany({ where: inSubtree(c), orderBy: { path: 'asc' } }),
    ])
    const csrf = who.session.csrfToken
    return c.html(
      <Page title="常用答复" who={who} csrf={csrf}>
        <h1>常用答复</h1>
        <Notice {...notice} />
        {replies.map((r) => (
          <div class="card">
            <strong>{r.title}</strong>（{r.unit.name}）
            <div class="text" style="white-space:pre-wrap">{r.text}</div>
            <form method="post" action={`/console/admin/canned/${r.id}/delete`}>
              <Csrf token={csrf} />
              <button class="quiet" type="submit">删除</button>
            </form>
          </div>
        ))}
        <form class="card" method="post" action="/console/admin/canned">
          <Csrf token={csrf} />
          <h2>新增</h2>
          <label for="unitCode">哪个单位用（下级单位也能用）</label>
          <select id="unitCode" name="unitCode">{units.map((u) => <option value={u.code}>{u.name}</option>)}</select>
          <label for="title">标题</label><input id="title" name="title" required maxlength={40} />
          <label for="text">内容</label><textarea id="text" name="text" required maxlength={2000} />
          <button type="submit">保存</button>
        </form>
      </Page>,
      status,
    )
  }
  app.get('/admin/canned', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/canned', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const f = await c.req.parseBody()
    const str = (k: string, max: number) => trimmedField(f, k, max)
    const unit = await desk.db.orgUnit.findFirst({ where: { code: str('unitCode', 60), ...inSubtree(c) } })
    if (!unit || !str('title', 40) || !str('text', 2000)) return page(c, { error: '请选单位，并填好标题和内容。' }, 422)
    await desk.db.cannedReply.create({ data: { unitId: unit.id, title: str('title', 40), text: str('text', 2000), createdAt: desk.now() } })
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'canned.changed', data: { unit: unit.code }, at: desk.now() })
    return page(c, { ok: '已保存。' })
  })
  app.post('/admin/canned/:id/delete', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const { count } = await desk.db.cannedReply.deleteMany({ where: { id: c.req.param('id'), unit: inSubtree(c) } })
    if (!count) return page(c, { error: '没有这条常用答复。' }, 404)
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'canned.changed', data: { deleted: c.req.param('id') }, at: desk.now() })
    return page(c, { ok: '已删除。' })
  })
  return app
}
