import { Hono, type Context } from 'hono'
import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import { bindGroup, listGroups, unbindGroup, type GroupActor } from '../../desk/chat-links/index.ts'
import { DeskError } from '../../desk/errors.ts'
import { botStatusOf, qrSvg, type BotDesk, type BotView } from './bot-status.ts'
import { doneAt, doneSentence } from './flash.ts'
import { whenAt, type When } from './format.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, isTopUnitAdmin, signedIn, trimmedField, unitAdminsOnly, type ConsoleEnv } from './session.ts'

/** While the bot waits for a scan (or is starting), its page loads itself again this often: a QR code lives about a minute. */
export const BOT_PAGE_REFRESH_SECONDS = 5

const actorOf = (c: Context<ConsoleEnv>): GroupActor => {
  const { account } = c.get('signedIn')
  return { accountId: account.id, role: account.role, unitPath: account.unit.path }
}

/** What the bot is doing, in a sentence or two a unit admin can act on. */
const StatusText: FC<{ status: BotView; when: When }> = ({ status, when }) => {
  if (!status) return <p>机器人还没有启动过。请在服务器上配置 <code>WECHATY_PUPPET</code>，再运行 <code>npm run start:bot</code>（或重新 <code>npm start</code>）。</p>
  if (!status.alive) return <p class="error" role="alert">机器人现在没有在运行（最后一次报到是 {when(new Date(status.seenAt))}）。请检查服务器上的机器人进程。要发出的消息都还存着，机器人回来后接着发。</p>
  switch (status.state) {
    case 'starting':
      return <p>机器人正在启动，稍等一下，这一页会自己刷新。</p>
    case 'scan':
      return <p>机器人在等扫码登录。</p>
    case 'logged_in':
      return <p class="ok" role="status">机器人在线：微信号“{status.name ?? '（未知）'}”，{when(new Date(status.since))} 登录。{status.reconnects ? `这次启动以来重新登录过 ${status.reconnects} 次。` : ''}</p>
    case 'logged_out':
      return <p class="error" role="alert">机器人的微信已退出登录（{when(new Date(status.since))}）。等它显示二维码后，用工会的机器人微信号重新扫码。要发出的消息都还存着，登录后接着发。</p>
    case 'stopped':
      return <p>机器人已停止（{when(new Date(status.since))}）。</p>
  }
}

/**
 * The bot's pages, for unit admins: its login state and, while it waits, the login QR code;
 * and the WeChat groups it is in, each bound to a unit of the admin's subtree. Scanning the
 * code makes the scanning WeChat the desk's bot for every unit, so only the top unit's admin
 * sees the code; other admins see the state.
 */
export function botRoutes(desk: BotDesk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)

  app.get('/admin/bot', signedIn(desk), unitAdminsOnly, async (c) => {
    const who = c.get('signedIn')
    const status = await botStatusOf(desk)
    const waiting = status?.alive === true && (status.state === 'scan' || status.state === 'starting')
    const qr = status?.alive && status.state === 'scan' && status.qr && isTopUnitAdmin(who.account) ? await qrSvg(status.qr) : null
    return c.html(
      <Page title="微信机器人" who={who} csrf={who.session.csrfToken} refresh={waiting ? BOT_PAGE_REFRESH_SECONDS : undefined}>
        <h1>微信机器人</h1>
        <p><a href="/console/admin/bot/groups">机器人所在的微信群 →</a></p>
        <div class="card">
          <StatusText status={status} when={when} />
          {qr ? (
            <>
              <p>请用<strong>工会专门的机器人微信号</strong>扫下面的二维码，在手机上确认登录。二维码过一会儿会换新的，这一页每 {BOT_PAGE_REFRESH_SECONDS} 秒自己刷新。</p>
              <div style="max-width:18rem" role="img" aria-label="机器人登录二维码">{raw(qr)}</div>
            </>
          ) : status?.alive && status.state === 'scan' ? (
            <p>扫码登录要由上级工会（最上一级单位）的管理员来做：扫码的微信号会成为全体单位共用的机器人。</p>
          ) : null}
        </div>
        <div class="card">
          <h2>用之前请知道</h2>
          <p>微信可能限制被当作机器人使用的账号。请用工会专门办的微信号，不要用个人微信；机器人发消息有节制（每分钟有上限，每条之间隔几秒），别让它群发广告。</p>
        </div>
      </Page>,
    )
  })

  const groupsPage = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 404 | 422 = 200) => {
    const who = c.get('signedIn')
    const [groups, units] = await Promise.all([
      listGroups(desk.db, { unitPath: who.account.unit.path }),
      desk.db.orgUnit.findMany({ where: { path: { startsWith: who.account.unit.path } }, select: { id: true, name: true }, orderBy: { path: 'asc' } }),
    ])
    return c.html(
      <Page title="微信群" who={who} csrf={who.session.csrfToken}>
        <h1>机器人所在的微信群</h1>
        <Notice {...notice} ok={notice.ok ?? doneSentence(c)} />
        <p>把企业职工群绑定到这家企业的工会，群里找工会的消息就交给这个单位的干部办理。机器人在群里只回一句“收到”和工单编号，不说任何个人情况，接下来一对一联系职工。</p>
        <p><a href="/console/admin/bot">← 机器人登录状态</a></p>
        {groups.length === 0 ? <p>机器人还没有在任何群里收到消息。把机器人的微信号拉进群，群里有人 @ 它之后，这个群就会出现在这里。</p> : null}
        <table>
          <thead><tr><th>群名</th><th>最近一次消息</th><th>绑定到</th><th></th></tr></thead>
          <tbody>{groups.map((g) => (
            <tr>
              <td>{g.topic || '（没有群名）'}</td>
              <td>{when(g.lastSeenAt)}</td>
              <td>{g.unit ? <>{g.unit.name}<br /><small>{when(g.boundAt)} 绑定</small></> : <span class="tag">未绑定</span>}</td>
              <td>
                <form method="post" action={`/console/admin/bot/groups/${g.id}`}>
                  <Csrf token={who.session.csrfToken} />
                  <select name="orgUnitId" aria-label={`${g.topic || '这个群'}绑定到哪个单位`}>
                    {units.map((u) => <option value={u.id} selected={u.id === g.unit?.id}>{u.name}</option>)}
                  </select>
                  <button class="quiet" type="submit" name="action" value="bind">{g.unit ? '改绑' : '绑定'}</button>{' '}
                  {g.unit ? <button class="quiet" type="submit" name="action" value="unbind">解除绑定</button> : null}
                </form>
              </td>
            </tr>
          ))}</tbody>
        </table>
      </Page>,
      status,
    )
  }

  app.get('/admin/bot/groups', signedIn(desk), unitAdminsOnly, (c) => groupsPage(c))
  app.post('/admin/bot/groups/:id', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const f = await c.req.parseBody()
    const chatGroupId = c.req.param('id')
    try {
      if (f.action === 'unbind') {
        await unbindGroup(desk, actorOf(c), { chatGroupId })
        return doneAt(c, '/console/admin/bot/groups', 'groupUnbound')
      }
      await bindGroup(desk, actorOf(c), { chatGroupId, orgUnitId: trimmedField(f, 'orgUnitId', 40) })
      return doneAt(c, '/console/admin/bot/groups', 'groupBound')
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      if (err.code === 'unit_not_found') return groupsPage(c, { error: '只能绑定到本单位或下级单位。' }, 422)
      if (err.code === 'chat_group_not_found') return groupsPage(c, { error: '没有这个群，或者它已经绑定在别的单位名下，不归您管。' }, 404)
      throw err
    }
  })

  return app
}
