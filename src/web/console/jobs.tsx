import { Hono, type Context } from 'hono'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import {
  closePosting, effectiveStatus, isEmployer, mayPublish, payText, placeShort, postingFor, postingsFor, postingStatusLabels, publishPosting, pushStats,
  submitPosting, type PostingActor, type PostingListQuery, type PushStats,
} from '../../desk/postings/index.ts'
import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import { employerSignUpRoutes } from './employer-signup.tsx'
import { actorOf, jobDoneAt, jobDoneSentence, lastDayText, postingNotFound, PushFigures, refusalStatus, type JobDone } from './jobs-common.tsx'
import { employerRoutes } from './jobs-employers.tsx'
import { postingFormRoutes } from './jobs-form.tsx'
import { postingPage } from './jobs-posting.tsx'
import { Page } from './layout.tsx'
import { csrfChecked, signedIn, trimmedField, type ConsoleEnv } from './session.ts'

const filters: [PostingListQuery['status'] | undefined, string][] = [
  [undefined, '全部'], ['draft', '草稿'], ['review', '待审核'], ['open', '招聘中'], ['expired', '已过期'], ['filled', '已招满'], ['withdrawn', '已撤下'],
]
const statusOf = (s: string | undefined) => filters.find(([key]) => key !== undefined && key === s)?.[0]

/**
 * 岗位: the union's job board in the console. Cadres post and publish (a firm's posting in
 * review: publishing is the approval), a firm's people post for their firm and submit for
 * review; each sees only what postingsVisibleTo lets them. The firms' sign-up (public) and
 * their review are mounted first, so their paths are never read as a posting's id.
 */
export function jobRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const app = new Hono<ConsoleEnv>()
  app.route('/', employerSignUpRoutes(desk, limits, clientAddress))
  app.route('/', employerRoutes(desk))
  app.route('/', postingFormRoutes(desk))

  app.get('/jobs', signedIn(desk), async (c) => {
    const who = c.get('signedIn')
    const actor = actorOf(c)
    const status = statusOf(c.req.query('status'))
    const q = trimmedField(c.req.query(), 'q', 40)
    const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1))
    const list = await postingsFor(desk, actor, { status, q: q || undefined, page })
    const stats = new Map<string, PushStats>(await Promise.all(list.rows.filter((p) => p.publishedAt).map(async (p) => [p.id, await pushStats(desk.db, p.id)] as const)))
    const union = !isEmployer(actor)
    const [inReview, firmsWaiting] = union
      ? await Promise.all([
          desk.db.jobPosting.count({ where: { status: 'review', unit: { path: { startsWith: actor.unitPath } } } }),
          desk.db.employer.count({ where: { status: 'pending', unit: { path: { startsWith: actor.unitPath } } } }),
        ])
      : [0, 0]
    const href = (over: { status?: string; page?: number }) => {
      const s = 'status' in over ? over.status : status
      const params = new URLSearchParams({ ...(s ? { status: s } : {}), ...(q ? { q } : {}), ...(over.page && over.page > 1 ? { page: String(over.page) } : {}) })
      return `/console/jobs${params.size ? `?${params}` : ''}`
    }
    const now = desk.now()
    return c.html(
      <Page title="岗位" who={who} csrf={who.session.csrfToken}>
        <h1>岗位</h1>
        {jobDoneSentence(c) ? <p class="ok" role="status">{jobDoneSentence(c)}</p> : null}
        <p>
          {mayPublish(actor) || isEmployer(actor) ? <a href="/console/jobs/new">＋ 新岗位</a> : null}
          {union && inReview ? <> · <a class="late" href="/console/jobs?status=review">{inReview} 个企业岗位待审核</a></> : null}
          {union && mayPublish(actor) ? <> · <a href="/console/jobs/employers" class={firmsWaiting ? 'late' : undefined}>企业审核{firmsWaiting ? `（${firmsWaiting} 家待审核）` : ''}</a></> : null}
        </p>
        {isEmployer(actor) ? <p>贵单位的岗位保存后是草稿；提交审核后，由工会干部核对并发布，发布后推送给订阅了的职工。</p> : null}
        <nav class="views" aria-label="按状态">
          {filters.map(([key, label]) => <a href={href({ status: key, page: 1 })} class={key === status ? 'on' : undefined}>{label}</a>)}
        </nav>
        <form role="search" method="get" action="/console/jobs">
          {status ? <input type="hidden" name="status" value={status} /> : null}
          <div class="wide">
            <label for="q">岗位名称、用工单位或编号</label>
            <input id="q" name="q" type="search" value={q} maxlength={40} />
          </div>
          <button type="submit">查找</button>
        </form>
        {list.rows.length ? (
          <table>
            <thead><tr><th>岗位</th><th>用工单位</th><th>地点</th><th>工资、人数</th><th>状态</th><th>推送</th></tr></thead>
            <tbody>
              {list.rows.map((p) => {
                const s = effectiveStatus(p, now)
                const figures = stats.get(p.id)
                return (
                  <tr>
                    <td><a href={`/console/jobs/${p.id}`}>{p.title}</a><br /><small>{p.number}</small></td>
                    <td>{p.employerName}</td>
                    <td>{placeShort(p.regionCode) || p.regionCode}</td>
                    <td>{payText(p)}<br /><small>招 {p.headcount} 人</small></td>
                    <td><span class={`tag${s === 'review' ? ' urgent' : ''}`} data-status={s}>{postingStatusLabels[s]}</span><br /><small>截止 {lastDayText(desk, p.validUntil)}</small></td>
                    <td>{figures ? <PushFigures stats={figures} compact /> : <small>{p.status === 'draft' || p.status === 'review' ? '发布后推送' : '—'}</small>}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        ) : <p class="card">{q || status ? '没有符合条件的岗位。' : '还没有岗位。'}</p>}
        <p>
          第 {list.page} / {list.pages} 页，共 {list.total} 个
          {list.page > 1 ? <> · <a href={href({ page: list.page - 1 })} rel="prev">上一页</a></> : null}
          {list.page < list.pages ? <> · <a href={href({ page: list.page + 1 })} rel="next">下一页</a></> : null}
        </p>
      </Page>,
    )
  })

  app.get('/jobs/:id', signedIn(desk), (c) => postingPage(desk, c, c.req.param('id')))

  /** Only those who post may change a posting's state: a viewer reads. */
  const mayAct = (actor: PostingActor) => {
    if (!isEmployer(actor) && !mayPublish(actor)) throw new DeskError('not_allowed', '只读账号不能更改岗位。')
  }
  /** One action on a posting: refused on the posting's own page, in the desk's words; done, a redirect there that says so. */
  const action = (path: string, done: JobDone, run: (actor: PostingActor, id: string, form: Record<string, unknown>) => Promise<unknown>) =>
    app.post(`/jobs/:id/${path}`, signedIn(desk), csrfChecked, async (c: Context<ConsoleEnv>) => {
      const id = c.req.param('id') ?? ''
      try {
        await run(actorOf(c), id, await c.req.parseBody())
      } catch (err) {
        if (!(err instanceof DeskError)) throw err
        if (err.code === 'posting_not_found') return postingNotFound(c, err.message)
        return postingPage(desk, c, id, { error: err.message }, refusalStatus(err))
      }
      return jobDoneAt(c, `/console/jobs/${id}`, done)
    })
  action('publish', 'published', (actor, id) => publishPosting(desk, actor, id))
  action('submit', 'submitted', (actor, id) => {
    if (!isEmployer(actor)) throw new DeskError('not_allowed', '工会干部的岗位直接发布，不用提交审核。')
    return submitPosting(desk, actor, id)
  })
  action('withdraw', 'withdrawn', (actor, id, form) => {
    mayAct(actor)
    return closePosting(desk, actor, id, 'withdrawn', trimmedField(form, 'note', 200))
  })
  action('fill', 'filled', async (actor, id) => {
    mayAct(actor)
    const p = await postingFor(desk.db, actor, id)
    if (p.status !== 'open') throw new DeskError('posting_closed', p.status === 'draft' || p.status === 'review' ? '还没发布的岗位不能标记招满；不招了请撤下。' : '这个岗位已经下架了。')
    return closePosting(desk, actor, id, 'filled')
  })
  return app
}
