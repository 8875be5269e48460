import { Hono, type Context } from 'hono'
import { may, scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { categoryTrend, oldestOpen, recentMonths, threeRates, workload } from '../../desk/reports/index.ts'
import { categoryLabels } from '../../desk/vocabulary.ts'
import type { Category } from '../../classify/types.ts'
import { Bars, csv, Stacked, type Bar } from './charts.tsx'
import { Page } from './layout.tsx'
import { signedIn, type ConsoleEnv } from './session.ts'
import { waitedFor, whenAt, whenWithYear } from './format.ts'

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)

/** Everything the figures page shows, computed once: the page draws it, the CSV exports write it. */
async function figures(desk: Desk, c: Context<ConsoleEnv>) {
  const account = c.get('signedIn').account
  const scope = ticketsIn(scopeOf(account))
  const now = desk.now()
  const months = recentMonths(now, 6)
  const month = months.includes(c.req.query('month') ?? '') ? c.req.query('month')! : months.at(-1)!
  const [rates, trend, load, oldest] = await Promise.all([
    threeRates(desk.db, { month, unitCode: account.unit.code, now }),
    categoryTrend(desk.db, scope, now),
    workload(desk.db, scope, account.unit.path),
    oldestOpen(desk.db, scope),
  ])
  const units = rates?.units ?? []
  return {
    month, months,
    rates: units.map((u) => ({ unit: u.unitName, tickets: u.tickets, responded: `${u.respondedOnTime}/${u.responseCounted}`, response: u.responseRate, resolved: `${u.resolvedOnTime}/${u.resolutionCounted}`, resolution: u.resolutionRate, rated: `${u.satisfied + u.basicallySatisfied}/${u.rated}`, satisfaction: u.satisfactionRate })),
    total: rates?.total,
    trend, load, oldest, now,
  }
}

const forbidden = (c: Context<ConsoleEnv>) => c.text('您的账号看不到统计。', 403)

export function figureRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)

  app.get('/figures', signedIn(desk), async (c) => {
    const who = c.get('signedIn')
    if (!may(who.account.role, 'figures')) return forbidden(c)
    const f = await figures(desk, c)
    const rateBars = (key: 'response' | 'resolution' | 'satisfaction', counts: 'responded' | 'resolved' | 'rated'): Bar[] =>
      f.rates.map((r) => ({ label: r.unit, value: r[key] ?? 0, max: 1, note: `${pct(r[key])}（${r[counts]}）` }))
    const categories = Object.keys(categoryLabels) as Category[]
    const exportLink = (chart: string) => <a href={`/console/figures/${chart}.csv?month=${f.month}`}>下载 CSV</a>
    return c.html(
      <Page title="统计" who={who} csrf={who.session.csrfToken}>
        <h1>{who.account.unit.name} · 统计</h1>
        <form method="get" action="/console/figures" class="card">
          <label for="month">月份</label>
          <select id="month" name="month">{f.months.map((m) => <option value={m} selected={m === f.month}>{m}</option>)}</select>
          <button type="submit">查看</button>
        </form>
        <section class="card">
          <h2>三率（{f.month}，按受理月份）</h2>
          <p>合计：响应率 {pct(f.total?.responseRate ?? null)}，解决率 {pct(f.total?.resolutionRate ?? null)}，满意率 {pct(f.total?.satisfactionRate ?? null)}，共 {f.total?.tickets ?? 0} 件。</p>
          {f.rates.length === 0 ? <p>这个月还没有工单。</p> : (
            <>
              <h3>响应率（按时首次答复）</h3><Bars title="响应率" rows={rateBars('response', 'responded')} />
              <h3>解决率（按时办结）</h3><Bars title="解决率" rows={rateBars('resolution', 'resolved')} />
              <h3>满意率（满意＋基本满意）</h3><Bars title="满意率" rows={rateBars('satisfaction', 'rated')} />
            </>
          )}
          <p>{exportLink('rates')}</p>
        </section>
        <section class="card">
          <h2>各类诉求走势（近六个月）</h2>
          <Stacked title="各类诉求走势" periods={f.trend.map((t) => t.month)} series={categories.map((k) => ({ name: categoryLabels[k], values: f.trend.map((t) => t.byCategory[k] ?? 0) }))} />
          <p>{exportLink('trend')}</p>
        </section>
        <section class="card">
          <h2>干部手上的工单（在办 / 容量）</h2>
          <Bars title="干部工作量" rows={f.load.map((l) => ({ label: l.name, value: l.open, max: Math.max(1, l.capacity), note: `${l.open}/${l.capacity}` }))} />
          <p>{exportLink('workload')}</p>
        </section>
        <section class="card">
          <h2>等得最久的在办工单</h2>
          <table>
            <thead><tr><th>编号</th><th>类别</th><th>受理时间</th><th>已等</th><th>单位 / 经办</th></tr></thead>
            <tbody>{f.oldest.map((t) => (
              <tr><td><a href={`/console/tickets/${t.number}`}>{t.number}</a></td><td>{categoryLabels[t.category as Category] ?? t.category}</td><td>{when(t.createdAt)}</td><td>{waitedFor(t.createdAt, f.now)}</td><td>{t.unit.name} / {t.assignee?.name ?? '未分派'}</td></tr>
            ))}</tbody>
          </table>
          <p>{exportLink('oldest')}</p>
        </section>
      </Page>,
    )
  })

  const withYear = whenWithYear(desk)
  app.get('/figures/:chart{[a-z]+\\.csv}', signedIn(desk), async (c) => {
    if (!may(c.get('signedIn').account.role, 'figures')) return forbidden(c)
    const f = await figures(desk, c)
    const chart = c.req.param('chart').replace('.csv', '')
    const categories = Object.keys(categoryLabels) as Category[]
    const files: Record<string, () => string> = {
      rates: () => csv(['单位', '工单数', '按时答复/应答复', '响应率', '按时办结/应办结', '解决率', '满意/评价', '满意率'], f.rates.map((r) => [r.unit, r.tickets, r.responded, pct(r.response), r.resolved, pct(r.resolution), r.rated, pct(r.satisfaction)])),
      trend: () => csv(['月份', ...categories.map((k) => categoryLabels[k])], f.trend.map((t) => [t.month, ...categories.map((k) => t.byCategory[k] ?? 0)])),
      workload: () => csv(['干部', '单位', '在办', '容量'], f.load.map((l) => [l.name, l.unit, l.open, l.capacity])),
      // Times with the year: a file outlives the year it was downloaded in.
      oldest: () => csv(['编号', '类别', '受理时间', '已等', '单位', '经办'], f.oldest.map((t) => [t.number, categoryLabels[t.category as Category] ?? t.category, withYear(t.createdAt), waitedFor(t.createdAt, f.now), t.unit.name, t.assignee?.name ?? '未分派'])),
    }
    const file = files[chart]
    if (!file) return c.text('没有这张表。', 404)
    c.header('Content-Disposition', `attachment; filename="niangjia-${chart}-${f.month}.csv"`)
    return c.body(file(), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  })
  return app
}
