import { Hono, type Context } from 'hono'
import { audit } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { categoryLabels } from '../../desk/vocabulary.ts'
import type { Category } from '../../classify/types.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, isTopUnitAdmin, signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'

const hours = (s: number) => String(Math.round((s / 3600) * 100) / 100)

/**
 * The SLA policies: how soon a category (urgent or not) must be answered and resolved, and
 * whether the clock runs around the clock or in working hours. One set serves the whole desk,
 * so only a unit admin of the top unit changes it; new tickets take it at once, open ones
 * keep the deadlines they were given.
 */
export function slaAdminRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()

  const page = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 403 | 404 | 422 = 200) => {
    const who = c.get('signedIn')
    const policies = await desk.db.slaPolicy.findMany({ orderBy: [{ urgent: 'desc' }, { category: 'asc' }] })
    const editable = isTopUnitAdmin(who.account)
    return c.html(
      <Page title="时限" who={who} csrf={who.session.csrfToken}>
        <h1>答复和办结时限</h1>
        <Notice {...notice} />
        <p>紧急诉求按“2 小时内报告”的要求全天计时；其余在工作时间内计时（每个工作日 7.5 小时，节假日和调休按国家规定）。改动只影响新工单。</p>
        {policies.map((p) => (
          <form class="card" method="post" action={`/console/admin/sla/${p.id}`}>
            <Csrf token={who.session.csrfToken} />
            <h2>{categoryLabels[p.category as Category] ?? p.category}{p.urgent ? '（紧急）' : ''}</h2>
            <label for={`f-${p.id}`}>首次答复（小时）</label>
            <input id={`f-${p.id}`} name="firstResponseHours" type="number" step="0.25" min="0.25" max="720" value={hours(p.firstResponseSeconds)} disabled={!editable} />
            <label for={`r-${p.id}`}>办结（小时）</label>
            <input id={`r-${p.id}`} name="resolutionHours" type="number" step="0.25" min="0.25" max="8760" value={hours(p.resolutionSeconds)} disabled={!editable} />
            <label for={`m-${p.id}`}>计时方式</label>
            <select id={`m-${p.id}`} name="clockMode" disabled={!editable}>
              <option value="calendar" selected={p.clockMode === 'calendar'}>全天计时</option>
              <option value="business" selected={p.clockMode === 'business'}>工作时间计时</option>
            </select>
            {editable ? <button class="quiet" type="submit">保存</button> : null}
          </form>
        ))}
        {editable ? null : <p>只有最上级单位的管理员能改时限。</p>}
      </Page>,
      status,
    )
  }

  app.get('/admin/sla', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/sla/:id', signedIn(desk), csrfChecked, async (c) => {
    if (!isTopUnitAdmin(c.get('signedIn').account)) return page(c, { error: '只有最上级单位的管理员能改时限。' }, 403)
    const known = await desk.db.slaPolicy.findUnique({ where: { id: c.req.param('id') }, select: { id: true } })
    if (!known) return page(c, { error: '没有这条时限，可能页面开得太久了。请刷新后再改。' }, 404)
    const f = await c.req.parseBody()
    const first = Number(f.firstResponseHours)
    const resolution = Number(f.resolutionHours)
    const mode = f.clockMode === 'business' ? 'business' : f.clockMode === 'calendar' ? 'calendar' : null
    if (!(first >= 0.25 && first <= 720) || !(resolution >= first && resolution <= 8760) || !mode) {
      return page(c, { error: '首次答复要在 0.25 到 720 小时之间，办结时限不能短于首次答复。' }, 422)
    }
    const policy = await desk.db.slaPolicy.update({
      where: { id: known.id },
      data: { firstResponseSeconds: Math.round(first * 3600), resolutionSeconds: Math.round(resolution * 3600), clockMode: mode },
    })
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'sla.changed', data: { category: policy.category, urgent: policy.urgent, first, resolution, mode }, at: desk.now() })
    return page(c, { ok: '时限已保存，新工单按新时限计时。' })
  })
  return app
}
