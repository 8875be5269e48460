import { Hono, type Context } from 'hono'
import { auditLog, scopeOf, type AuditAction, type AuditQuery } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { Notice, Page } from './layout.tsx'
import { signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'
import { dayBoundary, whenAt } from './format.ts'

const actionLabels: Record<AuditAction, string> = {
  login: '登录', 'login.failed': '登录失败', 'login.locked': '登录被暂停（密码错误太多）', 'account.changed': '重设密码或停用账号', logout: '退出', 'password.changed': '修改密码', 'account.created': '新建账号', reveal: '查看完整姓名电话',
  'ticket.replied': '答复', 'ticket.asked': '提问', 'ticket.closed': '办结', 'ticket.reassigned': '转交', 'ticket.noted': '内部备注', 'ticket.reclassified': '更正类别', 'callback.recorded': '记录回访', 'cadre.updated': '修改干部设置', 'ticket.linked': '关联', 'canned.changed': '修改常用答复', 'sla.changed': '修改时限', 'unit.changed': '修改组织', 'wording.changed': '修改用语', 'knowledge.changed': '修改知识库',
  'erasure.completed': '完成删除个人信息', 'erasure.declined': '不予删除个人信息',
  'posting.created': '新建岗位', 'posting.changed': '修改岗位', 'posting.submitted': '企业提交岗位', 'posting.published': '发布岗位', 'posting.withdrawn': '撤下岗位', 'posting.filled': '岗位招满',
  'employer.registered': '企业注册', 'employer.approved': '通过企业审核', 'employer.suspended': '暂停企业账号',
  'chatgroup.bound': '微信群绑定单位', 'chatgroup.unbound': '微信群解除绑定', 'chatlink.code_issued': '领取微信绑定码', 'chatlink.linked': '绑定本人微信', 'chatlink.locked': '微信绑定码试错太多被暂停', 'chatlink.unlinked': '解除本人微信绑定',
}
const isAction = (v: string): v is AuditAction => Object.hasOwn(actionLabels, v)

const AUDIT_PAGE_SIZE = 50

/** The filters as the address bar carries them (a link to a page of results keeps them all). */
const filterKeys = ['action', 'who', 'ticket', 'from', 'to'] as const
type Filters = Record<(typeof filterKeys)[number], string>

/**
 * The audit log of a unit admin's subtree, the questions they get asked answered by its
 * filters ("who looked at this worker's phone number?": 查看完整姓名电话 on that ticket):
 * by action, person, ticket number and days (in the desk's zone), a page at a time. Every
 * filter and the page are in the query string, so a result can be bookmarked or sent on.
 */
export function auditRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)

  app.get('/admin/audit', signedIn(desk), unitAdminsOnly, async (c: Context<ConsoleEnv>) => {
    const who = c.get('signedIn')
    const scope = scopeOf(who.account)
    const f = Object.fromEntries(filterKeys.map((k) => [k, (c.req.query(k) ?? '').trim().slice(0, 40)])) as Filters
    const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1))
    const from = dayBoundary(desk, f.from)
    const before = dayBoundary(desk, f.to, true)
    const error = (f.from && !from) || (f.to && !before) ? '日期请按 2026-12-02 这样写。' : from && before && from >= before ? '开始日期晚于结束日期。' : undefined
    const query: AuditQuery = {
      ...(isAction(f.action) ? { action: f.action } : {}),
      ...(f.who ? { login: f.who.toLowerCase() } : {}),
      // As people type a number: lower case, full-width, spaces.
      ...(f.ticket ? { ticketNumber: f.ticket.normalize('NFKC').toUpperCase().replace(/\s+/g, '') } : {}),
      ...(from ? { from } : {}),
      ...(before ? { before } : {}),
    }
    const [accounts, log] = await Promise.all([
      desk.db.account.findMany({ where: { unit: { path: { startsWith: scope.unitPath } } }, select: { login: true, displayName: true }, orderBy: { login: 'asc' } }),
      error ? { entries: [], total: 0 } : auditLog(desk.db, scope, query, { skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    ])
    const pages = Math.max(1, Math.ceil(log.total / AUDIT_PAGE_SIZE))
    const link = (to: number) => {
      const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== ''))
      if (to > 1) qs.set('page', String(to))
      return `/console/admin/audit${qs.size ? `?${qs}` : ''}`
    }
    return c.html(
      <Page title="审计日志" who={who} csrf={who.session.csrfToken}>
        <p><a href="/console/admin">← 账号与审计</a></p>
        <h1>审计日志</h1>
        <Notice error={error} />
        <form class="card" method="get" action="/console/admin/audit" role="search">
          <div>
            <label for="action">做了什么</label>
            <select id="action" name="action">
              <option value="">全部</option>
              {Object.entries(actionLabels).map(([v, label]) => <option value={v} selected={f.action === v}>{label}</option>)}
            </select>
          </div>
          <div>
            <label for="who">谁</label>
            <select id="who" name="who">
              <option value="">所有人</option>
              {accounts.map((a) => <option value={a.login} selected={f.who === a.login}>{a.login}（{a.displayName}）</option>)}
            </select>
          </div>
          <div><label for="ticket">工单编号</label><input id="ticket" name="ticket" value={f.ticket} placeholder="NJ-261202-0007" autocomplete="off" /></div>
          <div><label for="from">从哪天</label><input id="from" name="from" type="date" value={f.from} /></div>
          <div><label for="to">到哪天</label><input id="to" name="to" type="date" value={f.to} /></div>
          <div><button type="submit">查找</button> <a href="/console/admin/audit">清除条件</a></div>
        </form>
        <p>共 {log.total} 条{log.total > AUDIT_PAGE_SIZE ? `，第 ${page} / ${pages} 页` : ''}。只列本单位及下级单位的人做的事。</p>
        {log.entries.length ? (
          <table>
            <thead><tr><th>时间</th><th>谁</th><th>做了什么</th><th>工单</th></tr></thead>
            <tbody>{log.entries.map((e) => (
              <tr>
                <td>{when(e.at)}</td><td>{e.login ?? '—'}</td><td>{isAction(e.action) ? actionLabels[e.action] : e.action}</td>
                <td>{e.ticketNumber ? <a href={`/console/tickets/${e.ticketNumber}`}>{e.ticketNumber}</a> : ''}</td>
              </tr>
            ))}</tbody>
          </table>
        ) : <p class="card">没有符合条件的记录。</p>}
        <nav class="views" aria-label="翻页">
          {page > 1 ? <a href={link(page - 1)} rel="prev">← 上一页</a> : null}
          {page < pages ? <a href={link(page + 1)} rel="next">下一页 →</a> : null}
        </nav>
      </Page>,
    )
  })
  return app
}
