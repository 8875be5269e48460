import { Hono, type Context } from 'hono'
import { BIND_CODE_MINUTES, cadreLinks, issueCadreBindCode, unlinkCadre } from '../../desk/chat-links/index.ts'
import { DeskError } from '../../desk/errors.ts'
import { botStatusOf, type BotDesk } from './bot-status.ts'
import { doneAt, doneSentence } from './flash.ts'
import { whenAt } from './format.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'

/**
 * 绑定我的微信: a cadre links their own WeChat to their account, so the union's bot brings them
 * their reminders, escalations and new cases, and their reply to a notice answers the worker.
 * The code is shown once, in the answer to the post that drew it (never in an address); a
 * reload draws a new one and the old one stops working.
 */
export function myWechatRoutes(desk: BotDesk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)

  const page = async (c: Context<ConsoleEnv>, fresh?: { code: string; expiresAt: Date }) => {
    const who = c.get('signedIn')
    const cadreId = who.account.cadreId
    if (!cadreId) {
      return c.html(
        <Page title="绑定我的微信" who={who} csrf={who.session.csrfToken}>
          <div class="card" style="max-width:32rem"><h1>绑定我的微信</h1><p>只有干部和分管领导的账号能绑定微信：机器人发的是办案提醒，要发到办案的人本人。</p></div>
        </Page>,
        403,
      )
    }
    const [links, status] = await Promise.all([cadreLinks(desk.db, cadreId), botStatusOf(desk)])
    const link = links.find((l) => l.channel === 'wechaty')
    const botName = status?.state === 'logged_in' && status.name ? `“${status.name}”` : ''
    return c.html(
      <Page title="绑定我的微信" who={who} csrf={who.session.csrfToken}>
        <div class="card" style="max-width:32rem">
          <h1>绑定我的微信</h1>
          <Notice ok={doneSentence(c)} />
          <p>绑定以后，工会机器人{botName}会把催办提醒、超时提醒和新分给您的工单发到您的微信上；您直接回复那条提醒，就是答复职工，和在这里答复一样记在工单上。</p>
          {link ? (
            <>
              <p class="ok" role="status">已经绑定了微信（{when(link.boundAt)} 绑定）。</p>
              <form method="post" action="/console/me/wechat/unlink">
                <Csrf token={who.session.csrfToken} />
                <button class="quiet" type="submit">解除绑定</button>
              </form>
            </>
          ) : (
            <p>还没有绑定微信。</p>
          )}
          {fresh ? (
            <div class="card" style="border:2px solid #b3261e">
              <p>
                用微信给工会机器人{botName}发送：
                <strong style="display:block;font-size:1.8rem;letter-spacing:.12em;margin:.3rem 0" data-bind-code={fresh.code}>绑定 {fresh.code}</strong>
                （{BIND_CODE_MINUTES} 分钟内有效）
              </p>
              <p>到 {when(fresh.expiresAt)} 为止，只能用一次，别发给别人。机器人回复您绑定成功，就好了。{link ? '换了微信也这样绑，原来的微信就不再收到提醒。' : ''}</p>
            </div>
          ) : (
            <form method="post" action="/console/me/wechat/code">
              <Csrf token={who.session.csrfToken} />
              <button type="submit">{link ? '换一个微信绑定' : '获取绑定码'}</button>
            </form>
          )}
        </div>
      </Page>,
    )
  }

  app.get('/me/wechat', signedIn(desk), (c) => page(c))
  app.post('/me/wechat/code', signedIn(desk), csrfChecked, async (c) => {
    const cadreId = c.get('signedIn').account.cadreId
    if (!cadreId) return page(c)
    try {
      return await page(c, await issueCadreBindCode(desk, cadreId))
    } catch (err) {
      if (err instanceof DeskError && err.code === 'cadre_not_found') return c.text('您的干部身份已停用，不能绑定微信。有疑问请找本单位管理员。', 403)
      throw err
    }
  })
  app.post('/me/wechat/unlink', signedIn(desk), csrfChecked, async (c) => {
    const { account } = c.get('signedIn')
    if (!account.cadreId) return page(c)
    await unlinkCadre(desk, account.cadreId, { accountId: account.id, channel: 'wechaty' })
    return doneAt(c, '/console/me/wechat', 'wechatUnlinked')
  })

  return app
}
