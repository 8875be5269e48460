import { Hono, type Context } from 'hono'
import type { SignedIn } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import {
  answeredErasures, completeErasure, declineErasure, erasureExtent, erasureRequestIn, pendingErasures, subtreeUnitIds, type ErasureExtent, type ErasureOutcome,
} from '../../desk/people/index.ts'
import type { ErasureRequest } from '../../generated/prisma/client.ts'
import { maskName, maskPhone, whenAt } from './format.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, trimmedField, unitAdminsOnly, type ConsoleEnv } from './session.ts'

type NoticeText = { error?: string; ok?: string }
type Status = 200 | 404 | 409 | 422

/** The link a unit admin finds on their landing page, with how many requests wait. */
export const PendingErasuresLink = async ({ desk, who }: { desk: Desk; who: SignedIn }) => {
  const units = await subtreeUnitIds(desk.db, who.account.unit)
  const n = await desk.db.erasureRequest.count({ where: { status: 'pending', unitId: { in: units } } })
  return <a href="/console/admin/erasure" class={n ? 'late' : undefined}>删除个人信息申请{n ? `（${n} 件待办）` : ''} →</a>
}

/**
 * 删除个人信息申请: what workers asked to have deleted (删除我的信息), for the unit admins of
 * the request's unit and above. Completing goes through a page that says what is deleted and
 * what is kept; declining needs a reason. A request of another subtree is not found.
 */
export function erasureRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)
  const unitIds = (c: Context<ConsoleEnv>) => subtreeUnitIds(desk.db, c.get('signedIn').account.unit)
  const by = (c: Context<ConsoleEnv>) => ({ accountId: c.get('signedIn').account.id, login: c.get('signedIn').account.login })
  const channelLabel = (channel: string) => {
    try {
      return desk.channels.spec(channel).label
    } catch {
      return channel
    }
  }
  const opened = (sealed: string | null, mask: (s: string) => string, none: string) => (sealed ? mask(desk.crypto.open(sealed)) : none)

  const list = async (c: Context<ConsoleEnv>, notice: NoticeText = {}, status: Status = 200) => {
    const who = c.get('signedIn')
    const csrf = who.session.csrfToken
    const units = await unitIds(c)
    const [pending, answered] = await Promise.all([pendingErasures(desk.db, units, desk.now()), answeredErasures(desk.db, units)])
    return c.html(
      <Page title="删除个人信息申请" who={who} csrf={csrf}>
        <p><a href="/console/admin">← 账号与审计</a></p>
        <h1>删除个人信息申请</h1>
        <Notice {...notice} />
        <p>职工在对话里回复“删除我的信息”，申请就到这里。要在期限（提出后 {desk.config.ERASURE_DUE_DAYS} 天）内办完：完成删除，或者写明理由不予删除。</p>
        {pending.length ? (
          <table>
            <thead><tr><th>提出</th><th>期限</th><th>职工</th><th>渠道</th><th>单位</th><th>工单</th><th></th></tr></thead>
            <tbody>{pending.map((r) => (
              <tr>
                <td>{when(r.requestedAt)}</td>
                <td class={r.overdue ? 'late' : undefined}>{when(r.dueAt)}{r.overdue ? '（已超期）' : ''}</td>
                <td>{opened(r.worker.nameEnc, maskName, '未留姓名')}<br />{opened(r.worker.phoneEnc, maskPhone, '未留电话')}</td>
                <td>{channelLabel(r.channel)}</td>
                <td>{r.unitName}</td>
                <td>{r.openTickets ? <span class="late">{r.openTickets} 件未办结</span> : '没有未办结的'}（共 {r.tickets} 件）</td>
                <td>
                  <form method="get" action={`/console/admin/erasure/${r.id}`}><button type="submit">完成删除</button></form>
                  <form method="post" action={`/console/admin/erasure/${r.id}/decline`}>
                    <Csrf token={csrf} />
                    <input name="note" required maxlength={500} placeholder="不予删除的理由" aria-label="不予删除的理由" />
                    <button class="quiet" type="submit">不予删除</button>
                  </form>
                </td>
              </tr>
            ))}</tbody>
          </table>
        ) : <p class="card">没有待办的申请。</p>}
        {answered.length ? (
          <>
            <h2>最近办完的</h2>
            <table>
              <thead><tr><th>提出</th><th>结果</th><th>谁</th><th>何时</th><th>理由</th></tr></thead>
              <tbody>{answered.map((r) => (
                <tr><td>{when(r.requestedAt)}</td><td>{r.status === 'done' ? '已删除' : '不予删除'}</td><td>{r.completedBy ?? '—'}</td><td>{when(r.completedAt)}</td><td>{r.note ?? ''}</td></tr>
              ))}</tbody>
            </table>
          </>
        ) : null}
      </Page>,
      status,
    )
  }

  const confirm = (c: Context<ConsoleEnv>, request: ErasureRequest, x: ErasureExtent) => {
    const who = c.get('signedIn')
    return c.html(
      <Page title="完成删除" who={who} csrf={who.session.csrfToken}>
        <p><a href="/console/admin/erasure">← 删除个人信息申请</a></p>
        <h1>完成删除：请确认</h1>
        <p>职工 {when(request.requestedAt)} 提出，期限 {when(request.dueAt)}。删除后不能恢复。</p>
        <div class="card">
          <h2>会删除</h2>
          <ul>
            <li>职工的姓名{x.name ? '' : '（未留）'}、电话{x.phone ? '' : '（未留）'}和按姓名、电话查找用的索引，分享过的位置{x.location ? '' : '（没有）'}，敏感信息的同意记录</li>
            <li>职工发来的全部 {x.messages} 条消息的文字、图片和附件：消息留在时间线上，内容改为“（职工要求删除，内容已删除）”</li>
            <li>{x.tickets.length} 件工单上收集的情况（{x.ticketsWithFacts} 件有：单位、欠薪金额、家庭收入等）和自动分类的理由；网上求助的查询码（凭编号和查询码再也打不开）</li>
            <li>职工在{x.channels.length ? x.channels.map(channelLabel).join('、') : '各渠道'}上的身份和对话进度：从此再也不能给 TA 发消息；{x.unsentDeliveries} 条还没发出的消息不再发送</li>
            {x.hardshipRecords ? <li>{x.hardshipRecords} 份困难职工档案退出（写明“职工要求删除个人信息”），家庭人口数删除；{x.pendingCallbacks} 次待办回访取消</li> : x.pendingCallbacks ? <li>{x.pendingCallbacks} 次待办回访取消</li> : null}
          </ul>
          <h2>会保留</h2>
          <ul>
            <li>这 {x.tickets.length} 件工单本身：编号、类别、状态、时限、时间线和干部的答复、备注，用于统计和向组织交代工作；每件工单的时间线记下“职工的个人信息已按其要求删除”</li>
            <li>这份申请和审计日志里的记录：谁、什么时候完成的</li>
          </ul>
          {x.openTickets ? <p class="error">还有 {x.openTickets} 件工单没办结：删除后干部就没法再联系 TA 跟进，请在工单上写明情况后办结。案件还在仲裁或诉讼中、需要保留材料的，可以回到上一页，写明理由不予删除。</p> : null}
          <p>职工以后再来信，会是一位新的职工，以前的记录一概看不到。</p>
          <form method="post" action={`/console/admin/erasure/${request.id}/complete`}>
            <Csrf token={who.session.csrfToken} />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit">确认删除</button> <a href="/console/admin/erasure">不删了，返回</a>
          </form>
        </div>
      </Page>,
    )
  }

  const answer = (c: Context<ConsoleEnv>, r: ErasureOutcome) => {
    switch (r.outcome) {
      case 'completed': return list(c, { ok: `已删除这位职工的个人信息；${r.tickets.length} 件工单保留，编号不变。` })
      case 'declined': return list(c, { ok: '已记下不予删除和理由。' })
      case 'already_done': return list(c, { error: `这份申请已在 ${when(r.request.completedAt)} 由 ${r.request.completedBy ?? '—'} 完成删除，这次没有再改动什么。` }, 409)
      case 'already_declined': return list(c, { error: `这份申请已在 ${when(r.request.completedAt)} 由 ${r.request.completedBy ?? '—'} 不予删除（${r.request.note ?? ''}），这次没有再改动什么。` }, 409)
      case 'reason_required': return list(c, { error: '不予删除要写明理由，例如：案件正在仲裁或诉讼中，需要保留材料。' }, 422)
      case 'not_found': return list(c, { error: '没有这份申请，或者它不归您的单位管。' }, 404)
    }
  }

  app.get('/admin/erasure', signedIn(desk), unitAdminsOnly, (c) => list(c))
  app.get('/admin/erasure/:id', signedIn(desk), unitAdminsOnly, async (c) => {
    const request = await erasureRequestIn(desk.db, c.req.param('id'), await unitIds(c))
    if (!request) return answer(c, { outcome: 'not_found' })
    if (request.status !== 'pending') return answer(c, { outcome: request.status === 'declined' ? 'already_declined' : 'already_done', request })
    return confirm(c, request, await erasureExtent(desk.db, request.workerId))
  })
  app.post('/admin/erasure/:id/complete', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    // Only from the page that said what goes: a bare post shows that page first.
    if ((await c.req.parseBody()).confirm !== 'yes') return c.redirect(`/console/admin/erasure/${encodeURIComponent(c.req.param('id'))}`, 303)
    return answer(c, await completeErasure(desk, { requestId: c.req.param('id'), by: by(c), unitIds: await unitIds(c) }))
  })
  app.post('/admin/erasure/:id/decline', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const note = trimmedField(await c.req.parseBody(), 'note', 500)
    return answer(c, await declineErasure(desk, { requestId: c.req.param('id'), by: by(c), note, unitIds: await unitIds(c) }))
  })
  return app
}
