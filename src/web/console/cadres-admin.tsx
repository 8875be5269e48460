import { Hono, type Context } from 'hono'
import { audit } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { categoryLabels } from '../../desk/vocabulary.ts'
import { WeeklyHours, weekdayKeys } from '../../lib/time/index.ts'
import { Category } from '../../classify/types.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'

const dayOf = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '')
const weekdayNames: Record<(typeof weekdayKeys)[number], string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' }

/** "08:30-12:00, 14:00-17:30" for a day's intervals, and back; all days empty: the unit's usual hours. */
function hoursText(workingHours: string | null): Record<string, string> {
  const weekly = (workingHours ? (JSON.parse(workingHours) as { weeklyHours?: Record<string, [string, string][]> }).weeklyHours : undefined) ?? {}
  return Object.fromEntries(weekdayKeys.map((k) => [k, (weekly[k] ?? []).map(([a, b]) => `${a}-${b}`).join(', ')]))
}
function parseHours(form: Record<string, unknown>): { ok: true; json: string | null } | { ok: false } {
  const days = Object.fromEntries(
    weekdayKeys.map((k) => [k, String(form[`h-${k}`] ?? '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean).map((s) => s.split(/\s*[-–~～至到]\s*/))]),
  )
  if (weekdayKeys.every((k) => days[k]!.length === 0)) return { ok: true, json: null }
  const weekly = WeeklyHours.safeParse(days)
  if (!weekly.success || weekdayKeys.every((k) => weekly.data[k].length === 0)) return { ok: false }
  return { ok: true, json: JSON.stringify({ weeklyHours: weekly.data }) }
}

/**
 * A unit admin keeps the people routing sends cases to: who handles which categories, how
 * many open cases each can carry, who is away until when, who has left. Routing reads these
 * at once (src/desk/routing/route.ts).
 */
export function cadreAdminRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const inSubtree = (c: Context<ConsoleEnv>) => ({ unit: { path: { startsWith: c.get('signedIn').account.unit.path } } })

  const page = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 404 | 422 = 200) => {
    const who = c.get('signedIn')
    const [cadres, units] = await Promise.all([
      desk.db.cadre.findMany({ where: inSubtree(c), include: { unit: true, skills: true }, orderBy: [{ unit: { path: 'asc' } }, { name: 'asc' }] }),
      desk.db.orgUnit.findMany({ where: { path: { startsWith: who.account.unit.path } }, orderBy: { path: 'asc' } }),
    ])
    return c.html(
      <Page title="干部" who={who} csrf={who.session.csrfToken}>
        <h1>干部：分工、容量、请假</h1>
        <Notice {...notice} />
        {cadres.map((x) => (
          <form class="card" method="post" action={`/console/admin/cadres/${x.id}`}>
            <Csrf token={who.session.csrfToken} />
            <h2>{x.name}（{x.role === 'leader' ? '领导' : '干部'}，{x.unit.name}）</h2>
            <fieldset style="border:0;padding:0">
              <legend>负责的类别</legend>
              {Object.entries(categoryLabels).map(([k, label]) => (
                <label style="display:inline-block;font-weight:400;margin-right:1rem">
                  <input type="checkbox" name="categories" value={k} checked={x.skills.some((s) => s.category === k)} style="width:auto" /> {label}
                </label>
              ))}
            </fieldset>
            <label for={`cap-${x.id}`}>最多同时办理（件）</label>
            <input id={`cap-${x.id}`} name="capacity" type="number" min={1} max={500} value={String(x.capacity)} />
            <label for={`away-${x.id}`}>请假到（这天之前不分派新工单；空着表示在岗）</label>
            <input id={`away-${x.id}`} name="awayUntil" type="date" value={dayOf(x.awayUntil)} />
            <fieldset style="border:0;padding:0">
              <legend>值班时间（如 08:30-12:00, 14:00-17:30；都空着表示按单位的工作时间）</legend>
              {weekdayKeys.map((k) => (
                <label style="font-weight:400">{weekdayNames[k]} <input name={`h-${k}`} value={hoursText(x.workingHours)[k]} maxlength={80} /></label>
              ))}
            </fieldset>
            <label><input type="checkbox" name="active" value="1" checked={x.active} style="width:auto" /> 在职（取消后不再分派）</label>
            <button class="quiet" type="submit">保存</button>
          </form>
        ))}
        <form class="card" method="post" action="/console/admin/cadres">
          <Csrf token={who.session.csrfToken} />
          <h2>新增干部</h2>
          <label for="new-name">姓名</label><input id="new-name" name="name" required maxlength={40} />
          <label for="new-unit">单位</label>
          <select id="new-unit" name="unitCode">{units.map((u) => <option value={u.code}>{u.name}</option>)}</select>
          <label for="new-role">身份</label>
          <select id="new-role" name="role"><option value="cadre">干部</option><option value="leader">分管领导</option></select>
          <fieldset style="border:0;padding:0">
            <legend>负责的类别</legend>
            {Object.entries(categoryLabels).map(([k, label]) => (
              <label style="display:inline-block;font-weight:400;margin-right:1rem"><input type="checkbox" name="categories" value={k} style="width:auto" /> {label}</label>
            ))}
          </fieldset>
          <label for="new-cap">最多同时办理（件）</label><input id="new-cap" name="capacity" type="number" min={1} max={500} value="20" />
          <button type="submit">新增</button>
        </form>
      </Page>,
      status,
    )
  }

  app.get('/admin/cadres', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/cadres', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const f = await c.req.parseBody({ all: true })
    const name = typeof f.name === 'string' ? f.name.trim().slice(0, 40) : ''
    const unit = await desk.db.orgUnit.findFirst({ where: { code: String(f.unitCode ?? ''), path: { startsWith: c.get('signedIn').account.unit.path } } })
    const capacity = Number(f.capacity)
    if (!name || !unit || !Number.isInteger(capacity) || capacity < 1 || capacity > 500) return page(c, { error: '请填姓名，选本单位及下级的单位，容量 1 到 500。' }, 422)
    const list = Array.isArray(f.categories) ? f.categories : f.categories === undefined ? [] : [f.categories]
    const categories = list.filter((v): v is Category => Category.safeParse(v).success)
    const created = await desk.db.cadre.create({
      data: { name, unitId: unit.id, role: f.role === 'leader' ? 'leader' : 'cadre', capacity, createdAt: desk.now(), skills: { create: categories.map((category) => ({ category })) } },
    })
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'cadre.updated', data: { cadreId: created.id, created: true, unit: unit.code }, at: desk.now() })
    return page(c, { ok: `已新增 ${name}。要让 TA 登录，请在“账号与审计”里为 TA 建账号。` })
  })

  app.post('/admin/cadres/:id', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const cadre = await desk.db.cadre.findFirst({ where: { id: c.req.param('id'), ...inSubtree(c) } })
    if (!cadre) return page(c, { error: '没有这位干部，或者不归您的单位管。' }, 404)
    const f = await c.req.parseBody({ all: true })
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v])
    const categories = list(f.categories).filter((v): v is Category => Category.safeParse(v).success)
    const capacity = Number(f.capacity)
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 500) return page(c, { error: '容量请填 1 到 500 之间的整数。' }, 422)
    const away = typeof f.awayUntil === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(f.awayUntil) ? new Date(`${f.awayUntil}T00:00:00+08:00`) : null
    const hours = parseHours(f)
    if (!hours.ok) return page(c, { error: '值班时间的格式不对：每段写成 08:30-12:00，几段用逗号隔开，先早后晚，不能跨过半夜。' }, 422)
    await desk.db.$transaction([
      desk.db.cadreSkill.deleteMany({ where: { cadreId: cadre.id } }),
      desk.db.cadreSkill.createMany({ data: categories.map((category) => ({ cadreId: cadre.id, category })) }),
      desk.db.cadre.update({ where: { id: cadre.id }, data: { capacity, awayUntil: away, active: f.active === '1', workingHours: hours.json } }),
    ])
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'cadre.updated', data: { cadreId: cadre.id, categories, capacity, away: Boolean(away), active: f.active === '1' }, at: desk.now() })
    return page(c, { ok: `${cadre.name} 的设置已保存。` })
  })
  return app
}
