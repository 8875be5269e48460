import { Hono } from 'hono'
import type { Desk } from '../../desk/desk.ts'
import { cadreInbox } from '../../desk/messaging/index.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'
import { whenAt } from './format.ts'
import { eventLabel } from './timeline.ts'

const kindLabels: Record<string, string> = {
  'ticket.assigned': '新工单分给您', 'satisfaction.unsatisfied': '职工不满意', 'worker.wants_person': '职工要求人工', 'erasure.requested': '职工要求删除个人信息', 'callback.due': '回访到期', 'callback.overdue': '回访超期',
}

/** What the desk told this cadre: reminders, escalations, new cases, callbacks due; unread first in their mind, newest first here. */
export const unreadNotices = (desk: Desk, cadreId: string | null) => (cadreId ? desk.db.cadreNotice.count({ where: { cadreId, readAt: null } }) : Promise.resolve(0))

export function noticeRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)
  app.get('/notices', signedIn(desk), async (c) => {
    const who = c.get('signedIn')
    const cadreId = who.account.cadreId
    const { notices } = cadreId ? await cadreInbox(desk.db, { cadreId, unreadOnly: false, limit: 50 }) : { notices: [] }
    const numbers = new Map((await desk.db.ticket.findMany({ where: { id: { in: notices.flatMap((n) => (n.ticketId ? [n.ticketId] : [])) } }, select: { id: true, number: true } })).map((t) => [t.id, t.number]))
    return c.html(
      <Page title="提醒" who={who} csrf={who.session.csrfToken}>
        <h1>给我的提醒</h1>
        {cadreId ? null : <Notice error="这个账号不是干部账号，没有个人提醒。" />}
        {notices.some((n) => !n.readAt) ? (
          <form method="post" action="/console/notices/read">
            <Csrf token={who.session.csrfToken} />
            <button class="quiet" type="submit">全部标为已读</button>
          </form>
        ) : null}
        <ol class="timeline">
          {notices.map((n) => (
            <li class={n.readAt ? '' : 'in'}>
              <div class="meta">{when(new Date(n.createdAt))}{n.readAt ? '' : ' · 未读'}</div>
              <div class="text">
                {kindLabels[n.kind] ?? eventLabel(n.kind)}
                {n.ticketId && numbers.get(n.ticketId) ? <> · <a href={`/console/tickets/${numbers.get(n.ticketId)}`}>{numbers.get(n.ticketId)}</a></> : null}
              </div>
            </li>
          ))}
        </ol>
        {notices.length === 0 ? <p class="card">还没有提醒。</p> : null}
      </Page>,
    )
  })
  app.post('/notices/read', signedIn(desk), csrfChecked, async (c) => {
    const cadreId = c.get('signedIn').account.cadreId
    if (cadreId) await desk.db.cadreNotice.updateMany({ where: { cadreId, readAt: null }, data: { readAt: desk.now() } })
    return c.redirect('/console/notices', 303)
  })
  return app
}
