import type { Context } from 'hono'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import {
  effectiveStatus, isEmployer, mayPublish, payText, postingFor, postingStatusLabels, postingUrl, pushStats, regionByCode,
} from '../../desk/postings/index.ts'
import type { JobPosting } from '../../generated/prisma/client.ts'
import { whenAt } from './format.ts'
import { actorOf, jobDoneSentence, lastDayText, postingNotFound, PushFigures } from './jobs-common.tsx'
import { Csrf, Notice, Page } from './layout.tsx'
import type { ConsoleEnv } from './session.ts'

type Status = 200 | 403 | 404 | 409 | 422

/**
 * One posting: everything it says, where it is (its status, the public page), its push
 * figures once published, and what the person may do next: edit a draft, submit it (a
 * firm), publish it (a cadre; for a firm's posting in review, the approval), withdraw it
 * with a note, mark it filled. A posting the person may not see is not found.
 */
export async function postingPage(desk: Desk, c: Context<ConsoleEnv>, id: string, notice: { error?: string } = {}, status: Status = 200) {
  const who = c.get('signedIn')
  const actor = actorOf(c)
  let p: JobPosting
  try {
    p = await postingFor(desk.db, actor, id)
  } catch (err) {
    if (err instanceof DeskError) return postingNotFound(c, err.message)
    throw err
  }
  const [unit, stats] = await Promise.all([
    desk.db.orgUnit.findUnique({ where: { id: p.unitId }, select: { name: true } }),
    p.publishedAt ? pushStats(desk.db, p.id) : null,
  ])
  const when = whenAt(desk)
  const csrf = who.session.csrfToken
  const s = effectiveStatus(p, desk.now())
  const region = regionByCode(p.regionCode)
  const unpublished = p.status === 'draft' || p.status === 'review'
  const closed = p.status === 'filled' || p.status === 'withdrawn'
  const writes = isEmployer(actor) || mayPublish(actor)
  return c.html(
    <Page title={`${p.title} ${p.number}`} who={who} csrf={csrf}>
      <p><a href="/console/jobs">← 岗位</a></p>
      <h1>{p.title} <span class={`tag${s === 'review' ? ' urgent' : ''}`} data-status={s}>{postingStatusLabels[s]}</span></h1>
      <Notice error={notice.error} ok={notice.error ? undefined : jobDoneSentence(c)} />
      <div class="card">
        <dl class="facts">
          <dt>编号</dt><dd>{p.number}</dd>
          <dt>用工单位</dt><dd>{p.employerName}{p.employerId ? '（企业自己发布）' : ''}</dd>
          <dt>工种</dt><dd>{p.trade}</dd>
          <dt>工作地点</dt><dd>{region?.fullName ?? p.regionCode} · {p.place}</dd>
          <dt>工资</dt><dd>{payText(p)}</dd>
          <dt>招聘人数</dt><dd>{p.headcount} 人</dd>
          <dt>岗位要求</dt><dd style="white-space:pre-wrap">{p.requirements || '—'}</dd>
          <dt>报名方式</dt><dd style="white-space:pre-wrap">{p.contact}</dd>
          <dt>截止日期</dt><dd>{lastDayText(desk, p.validUntil)}（这天以后不再招）</dd>
          <dt>所属工会</dt><dd>{unit?.name ?? '—'}</dd>
          <dt>创建</dt><dd>{when(p.createdAt)}{p.createdBy ? `，${p.createdBy}` : ''}</dd>
          {p.publishedAt ? <><dt>发布</dt><dd>{when(p.publishedAt)}{s === 'open' ? <>，<a href={postingUrl(desk, p.number)}>公开页面</a></> : null}</dd></> : null}
          {p.closedAt ? <><dt>{p.status === 'filled' ? '招满' : '撤下'}</dt><dd>{when(p.closedAt)}{p.closeNote ? `：${p.closeNote}` : ''}</dd></> : null}
        </dl>
      </div>
      {stats ? (
        <div class="card">
          <h2>推送</h2>
          <PushFigures stats={stats} />
        </div>
      ) : null}
      {writes && !closed ? (
        <div class="card">
          <h2>操作</h2>
          {unpublished ? <p><a href={`/console/jobs/${p.id}/edit`}>修改</a></p> : null}
          {unpublished && isEmployer(actor) && p.status === 'draft' ? (
            <form method="post" action={`/console/jobs/${p.id}/submit`}>
              <Csrf token={csrf} />
              <button type="submit">提交工会审核</button>
            </form>
          ) : null}
          {unpublished && isEmployer(actor) && p.status === 'review' ? <p>已提交，等工会干部审核发布。</p> : null}
          {unpublished && mayPublish(actor) ? (
            <form method="post" action={`/console/jobs/${p.id}/publish`}>
              <Csrf token={csrf} />
              {p.status === 'review' ? <p>这是企业提交的岗位：请核对单位、工资和报名方式是否属实，再审核发布。不通过请在下面写明原因撤下。</p> : null}
              <button type="submit">{p.status === 'review' ? '审核通过并发布' : '发布'}</button>
            </form>
          ) : null}
          {s === 'open' || s === 'expired' ? (
            <form method="post" action={`/console/jobs/${p.id}/fill`}>
              <Csrf token={csrf} />
              <button class="quiet" type="submit">已招满，不再招聘</button>
            </form>
          ) : null}
          <form method="post" action={`/console/jobs/${p.id}/withdraw`}>
            <Csrf token={csrf} />
            <label for="note">{unpublished ? '撤下（不发布了）' : '撤下'}：原因（可不填）</label>
            <input id="note" name="note" maxlength={200} placeholder={p.status === 'review' ? '例如：工资写得不清楚（企业会看到）' : '例如：企业暂停招聘'} />
            <button class="quiet" type="submit">撤下</button>
          </form>
        </div>
      ) : null}
    </Page>,
    status,
  )
}
