import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { decideEmployer, employersFor, mayPublish } from '../../desk/postings/index.ts'
import { whenAt } from './format.ts'
import { actorOf, employerStatusLabels, jobDoneAt, jobDoneSentence, refusalStatus } from './jobs-common.tsx'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'

/** Union people who work cases (cadres, leaders, unit admins) check firms; a viewer does not, and a firm's account never gets here (session.ts). */
const unionWorkersOnly = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (!mayPublish(actorOf(c))) return c.text('企业审核只有工会干部能做。', 403)
  await next()
})

/**
 * 企业审核: the firms that signed up under the cadre's unit or below, with what a cadre checks
 * (the name, the 统一社会信用代码, who signs in for it) and the decision: approve (its people
 * may sign in and post), suspend (they may not), approve again.
 */
export function employerRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)

  const list = async (c: Context<ConsoleEnv>, notice: { error?: string } = {}, status: 200 | 403 | 404 | 409 | 422 = 200) => {
    const who = c.get('signedIn')
    const csrf = who.session.csrfToken
    const firms = await employersFor(desk.db, actorOf(c))
    // One credit code signed up twice is worth a second look (the same firm again, or someone using its name).
    const twice = new Set(firms.map((f) => f.creditCode).filter((code, i, all) => code && all.indexOf(code) !== i))
    const decide = (id: string, to: 'approve' | 'suspend', label: string, quiet = false) => (
      <form class="inline" method="post" action={`/console/jobs/employers/${id}/${to}`}>
        <Csrf token={csrf} />
        <button class={quiet ? 'quiet' : undefined} type="submit">{label}</button>
      </form>
    )
    return c.html(
      <Page title="企业审核" who={who} csrf={csrf}>
        <p><a href="/console/jobs">← 岗位</a></p>
        <h1>企业审核</h1>
        <Notice error={notice.error} ok={notice.error ? undefined : jobDoneSentence(c)} />
        <p>企业在 <a href="/console/jobs/register">/console/jobs/register</a> 注册招聘账号，选了本单位或下级单位的，就到这里。请核对单位名称和统一社会信用代码（可在国家企业信用信息公示系统查询），再通过；通过后企业联系人才能登录、发布岗位（岗位仍要工会审核后才发布）。</p>
        {firms.length ? (
          <table>
            <thead><tr><th>企业</th><th>统一社会信用代码</th><th>联系人账号</th><th>所选工会</th><th>岗位</th><th>状态</th><th></th></tr></thead>
            <tbody>
              {firms.map((f) => (
                <tr data-employer={f.id}>
                  <td>{f.name}<br /><small>注册于 {when(f.createdAt)}</small></td>
                  <td><code>{f.creditCode ?? '—'}</code>{f.creditCode && twice.has(f.creditCode) ? <><br /><small class="late">这个代码注册过不止一次</small></> : null}</td>
                  <td>{f.accounts.map((a) => <div>{a.displayName}（{a.login}）</div>)}</td>
                  <td>{f.unit.name}</td>
                  <td>{f._count.postings ? <a href={`/console/jobs?q=${encodeURIComponent(f.name)}`}>{f._count.postings} 个</a> : '0 个'}</td>
                  <td>
                    <span class={`tag${f.status === 'pending' ? ' urgent' : ''}`} data-status={f.status}>{employerStatusLabels[f.status] ?? f.status}</span>
                    {f.approvedBy && f.approvedAt ? <><br /><small>{f.approvedBy} {when(f.approvedAt)} 通过</small></> : null}
                  </td>
                  <td>
                    {f.status === 'pending' ? decide(f.id, 'approve', '通过') : null}
                    {f.status === 'approved' ? decide(f.id, 'suspend', '暂停', true) : null}
                    {f.status === 'suspended' ? decide(f.id, 'approve', '恢复') : null}
                    {f.status === 'pending' ? decide(f.id, 'suspend', '不通过', true) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p class="card">还没有企业选择本单位注册。</p>}
      </Page>,
      status,
    )
  }

  app.get('/jobs/employers', signedIn(desk), unionWorkersOnly, (c) => list(c))
  for (const [to, decision, done] of [['approve', 'approved', 'approved'], ['suspend', 'suspended', 'suspended']] as const) {
    app.post(`/jobs/employers/:id/${to}`, signedIn(desk), csrfChecked, unionWorkersOnly, async (c) => {
      try {
        await decideEmployer(desk, actorOf(c), c.req.param('id'), decision)
      } catch (err) {
        if (!(err instanceof DeskError)) throw err
        return list(c, { error: err.message }, refusalStatus(err))
      }
      return jobDoneAt(c, '/console/jobs/employers', done)
    })
  }
  return app
}
