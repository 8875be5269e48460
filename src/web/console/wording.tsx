import { Hono, type Context } from 'hono'
import { audit, may } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { currentWording, previewWording, saveWording } from '../../desk/messaging/index.ts'
import { replyTemplates } from '../../text/templates.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, isTopUnitAdmin, signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'

const titles: Record<string, string> = {
  'ticket-opened': '受理回复', 'ticket-continued': '补充情况后的回复', 'ticket-status': '查进度的回复', 'step-assigned': '转交通知', 'step-closed': '办结通知',
  'satisfaction-question': '满意度询问', 'satisfaction-thanks': '感谢评价', 'follow-up-opened': '回访后新开工单', 'no-tickets': '没有工单时的回复',
}

/**
 * The words the desk says to workers, as a union may change them: each template with the
 * variables it may use, a preview with sample values, and back to the shipped wording. One
 * wording serves the whole desk, so only the top unit's admin saves.
 */
export function wordingRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const top = (c: Context<ConsoleEnv>) => isTopUnitAdmin(c.get('signedIn').account)

  const page = async (c: Context<ConsoleEnv>, extra: { error?: string; ok?: string; preview?: { name: string; text: string; rendered: string } } = {}, status: 200 | 403 | 422 = 200) => {
    const who = c.get('signedIn')
    const { files, overridden } = await currentWording(desk)
    const editable = top(c)
    return c.html(
      <Page title="回复用语" who={who} csrf={who.session.csrfToken}>
        <h1>回复用语</h1>
        <Notice error={extra.error} ok={extra.ok} />
        <p>职工收到的话都在这里。花括号里的是会被换成实际内容的变量，只能用下面列出的那些。保存后一分钟内所有服务进程都会用上。</p>
        {Object.entries(replyTemplates).map(([name, vars]) => {
          const text = extra.preview?.name === name ? extra.preview.text : (files[name] ?? '')
          return (
            <form class="card" method="post" action={`/console/admin/wording/${name}`} id={name}>
              <Csrf token={who.session.csrfToken} />
              <h2>{titles[name] ?? name}{overridden.has(name) ? '（本会改过）' : ''}</h2>
              <p>可用变量：{vars.map((v) => `{{${v}}}`).join('、')}</p>
              <label for={`t-${name}`}>内容</label>
              <textarea id={`t-${name}`} name="text" rows={6} maxlength={4000} disabled={!editable}>{text}</textarea>
              {extra.preview?.name === name ? <div class="ok" style="white-space:pre-wrap">预览：{extra.preview.rendered}</div> : null}
              <button class="quiet" type="submit" name="action" value="preview">预览</button>
              {editable ? <> <button type="submit" name="action" value="save">保存</button> {overridden.has(name) ? <button class="quiet" type="submit" name="action" value="reset">恢复默认</button> : null}</> : null}
            </form>
          )
        })}
        {editable ? null : <p>只有最上级单位的管理员能保存改动。</p>}
      </Page>,
      status,
    )
  }

  app.get('/admin/wording', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/wording/:name', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const who = c.get('signedIn')
    const name = c.req.param('name')
    const f = await c.req.parseBody()
    const text = typeof f.text === 'string' ? f.text.slice(0, 4000) : ''
    try {
      if (f.action === 'preview') return page(c, { preview: { name, text, rendered: await previewWording(desk, name, text) } })
      if (!top(c)) return page(c, { error: '只有最上级单位的管理员能保存改动。' }, 403)
      await saveWording(desk, { name, text: f.action === 'reset' ? null : text, by: who.account.login })
    } catch (err) {
      if (err instanceof DeskError) return page(c, { error: err.message }, 422)
      throw err
    }
    await audit(desk.db, { accountId: who.account.id, action: 'wording.changed', data: { name, reset: f.action === 'reset' }, at: desk.now() })
    return page(c, { ok: f.action === 'reset' ? '已恢复默认用语。' : '已保存，新的回复都会用这段话。' })
  })
  return app
}
