import type { Context } from 'hono'
import { scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { worklist, worklistLabels, worklistViews, type WorklistView } from '../../desk/tickets/index.ts'
import { categoryLabels } from '../../desk/vocabulary.ts'
import type { Category } from '../../classify/types.ts'
import { normalisePhone } from '../../privacy/field-crypto.ts'
import { nameIndex } from '../../desk/people/index.ts'
import { INBOX_JS_PATH, Page } from './layout.tsx'
import { unreadNotices } from './notices.tsx'
import type { ConsoleEnv } from './session.ts'
import { cadreStatusLabels, dayBoundary, whenAt } from './format.ts'

/** What the search box understands: a ticket number (or its start), or a phone number (matched through the blind index). */
function searchOf(desk: Desk, q: string, category: string, from?: string, to?: string) {
  const text = q.trim().toUpperCase()
  const digits = text.replace(/\D/g, '')
  return {
    openedFrom: dayBoundary(desk, from), openedBefore: dayBoundary(desk, to, true),
    ...(text.startsWith('NJ-') ? { number: text.slice(0, 20) } : {}),
    ...(!text.startsWith('NJ-') && digits.length >= 11 ? { phoneHash: desk.crypto.blindIndex(normalisePhone(digits)) } : {}),
    // A full name (matched through its blind index: the name itself is never searched in the clear).
    ...(/^[\p{Script=Han}·\s]{2,10}$/u.test(q.trim()) ? { nameHash: nameIndex(desk.crypto, q.trim()) } : {}),
    ...(category in categoryLabels ? { category } : {}),
  }
}

function viewOf(c: Context<ConsoleEnv>): WorklistView {
  const asked = c.req.query('view') ?? ''
  return (worklistViews as readonly string[]).includes(asked) ? (asked as WorklistView) : c.get('signedIn').account.cadreId ? 'mine' : 'unit'
}

/** The newest ticket in the subtree, so a page open for a while can tell something came in. */
const newestIn = async (desk: Desk, c: Context<ConsoleEnv>) =>
  (await desk.db.ticket.findFirst({ where: ticketsIn(scopeOf(c.get('signedIn').account)), orderBy: { createdAt: 'desc' }, select: { number: true } }))?.number ?? ''

/** What the inbox script polls: the counts of every view, and the newest ticket. */
export async function inboxSummary(desk: Desk, c: Context<ConsoleEnv>) {
  const scope = scopeOf(c.get('signedIn').account)
  const { counts } = await worklist(desk.db, { view: viewOf(c), scope: ticketsIn(scope), cadreId: scope.cadreId, now: desk.now(), take: 1 })
  return c.json({ counts: { ...counts, notices: await unreadNotices(desk, scope.cadreId) }, newest: await newestIn(desk, c) })
}

export async function inboxPage(desk: Desk, c: Context<ConsoleEnv>) {
  const who = c.get('signedIn')
  const when = whenAt(desk)
  const scope = scopeOf(who.account)
  const view = viewOf(c)
  const q = (c.req.query('q') ?? '').slice(0, 40)
  const category = c.req.query('category') ?? ''
  const now = desk.now()
  const [from, to] = [c.req.query('from')?.slice(0, 20), c.req.query('to')?.slice(0, 20)]
  // A day that is no day (2026-13-45, typed or edited into the address) is said so, not searched with.
  const [start, end] = [dayBoundary(desk, from), dayBoundary(desk, to, true)]
  const dateError = (from && !start) || (to && !end) ? '日期请按 2026-12-02 这样写（年-月-日），再查一次。' : start && end && start >= end ? '开始日期晚于结束日期，请改一下再查。' : null
  const found = await worklist(desk.db, { view, scope: ticketsIn(scope), cadreId: scope.cadreId, now, search: searchOf(desk, q, category, from, to) })
  const { counts } = found
  const tickets = dateError ? [] : found.tickets
  // Calls and visits due within a day, in the subtree: their own page, counted here with the views.
  const units = (await desk.db.orgUnit.findMany({ where: { path: { startsWith: who.account.unit.path } }, select: { id: true } })).map((u) => u.id)
  const callbacksDue = await desk.db.callbackTask.count({ where: { status: 'pending', unitId: { in: units }, dueAt: { lte: new Date(now.getTime() + 86_400_000) } } })
  const unread = await unreadNotices(desk, who.account.cadreId)
  const link = (v: WorklistView) => `/console?view=${v}${q ? `&q=${encodeURIComponent(q)}` : ''}${category ? `&category=${encodeURIComponent(category)}` : ''}`
  return c.html(
    <Page title="工单" who={who} csrf={who.session.csrfToken} script={INBOX_JS_PATH}>
      <h1>工单</h1>
      <p class="ok" data-live data-newest={await newestIn(desk, c)} hidden>
        有新的工单或变化，<a href={link(view)}>点此刷新</a>。
      </p>
      <p class="error" role="alert" data-signed-out hidden>
        登录已过期，请重新登录。<a href="/console/login">重新登录</a>
      </p>
      {dateError ? <p class="error" role="alert">{dateError}</p> : null}
      <nav class="views" aria-label="视图">
        {worklistViews.map((v) => (
          <a href={link(v)} class={v === view ? 'on' : ''}>
            {worklistLabels[v]}
            <span class="count" data-count={v}>{counts[v]}</span>
          </a>
        ))}
        <a href="/console/callbacks">
          回访到期<span class="count">{callbacksDue}</span>
        </a>
        <a href="/console/notices">
          给我的提醒<span class="count" data-count="notices">{unread}</span>
        </a>
      </nav>
      <form method="get" action="/console" class="card" role="search">
        <input type="hidden" name="view" value={view} />
        <div class="wide">
          <label for="q">查找（编号、职工手机号或姓名全名）</label>
          <input id="q" name="q" value={q} placeholder="NJ-261125-0007、13800001111 或 李秀英" />
        </div>
        <div>
        <label for="category">类别</label>
        <select id="category" name="category">
          <option value="">全部</option>
          {Object.entries(categoryLabels).map(([k, label]) => (
            <option value={k} selected={k === category}>{label}</option>
          ))}
        </select>
        </div>
        <div>
          <label for="from">受理日期 从</label>
          <input id="from" name="from" type="date" value={from ?? ''} />
        </div>
        <div>
          <label for="to">到</label>
          <input id="to" name="to" type="date" value={to ?? ''} />
        </div>
        <div>
          <button type="submit">查找</button>
        </div>
      </form>
      {dateError ? null : tickets.length === 0 ? (
        <p class="card">这里暂时没有工单。</p>
      ) : (
        <table>
          <thead>
            <tr><th>编号</th><th>类别</th><th>状态</th><th>单位 / 经办</th><th>首次答复期限</th></tr>
          </thead>
          <tbody>
            {tickets.map((t) => {
              const late = t.firstRespondedAt === null && t.firstResponseDueAt !== null && t.firstResponseDueAt <= now
              return (
                <tr>
                  <td><a href={`/console/tickets/${t.number}`}>{t.number}</a></td>
                  <td>
                    {categoryLabels[t.category as Category] ?? t.category} {t.urgent ? <span class="tag urgent">紧急</span> : null}
                  </td>
                  <td>{cadreStatusLabels[t.status] ?? t.status}</td>
                  <td>{t.unit.name} / {t.assignee?.name ?? '未分派'}</td>
                  <td class={late ? 'late' : ''}>{t.firstRespondedAt ? '已答复' : when(t.firstResponseDueAt)}{late ? '（已超时）' : ''}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </Page>,
    dateError ? 400 : 200,
  )
}
