import { Hono, type Context } from 'hono'
import { audit } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { currentWording, previewWording, saveWording } from '../../desk/messaging/index.ts'
import { isTemplateSet, templateSetNames, templateSets, type TemplateSet, type TemplateSpec } from '../../text/template-sets.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, isTopUnitAdmin, signedIn, unitAdminsOnly, type ConsoleEnv } from './session.ts'

/** `draft`: what the admin typed, shown again in its box (with the preview, or the reason it was refused). */
type Extra = { error?: string; ok?: string; draft?: { name: string; text: string }; rendered?: string }

/**
 * The words the desk says to workers, as a union may change them, one page per template set
 * (the replies, the Official Account's own texts, …): each template with the variables it
 * may use, a preview with sample values, and back to the shipped wording. One wording serves
 * the whole desk, so only the top unit's admin saves.
 */
export function wordingRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const top = (c: Context<ConsoleEnv>) => isTopUnitAdmin(c.get('signedIn').account)

  const page = async (c: Context<ConsoleEnv>, set: TemplateSet, extra: Extra = {}, status: 200 | 403 | 422 = 200) => {
    const who = c.get('signedIn')
    const { texts, overridden } = await currentWording(desk, set)
    const editable = top(c)
    const spec = templateSets[set]
    return c.html(
      <Page title={spec.title} who={who} csrf={who.session.csrfToken}>
        <nav class="views">
          {templateSetNames.map((s) => <a href={`/console/admin/wording/${s}`} class={s === set ? 'on' : ''}>{templateSets[s].title}</a>)}
        </nav>
        <h1>{spec.title}</h1>
        <Notice error={extra.error} ok={extra.ok} />
        <p>{spec.about}花括号里的是会被换成实际内容的变量，只能用每段下面列出的那些。保存后一分钟内所有服务进程都会用上。</p>
        {Object.entries(spec.templates as Record<string, TemplateSpec>).map(([name, { title, variables }]) => {
          const mine = extra.draft?.name === name
          const text = mine ? extra.draft!.text : (texts[name] ?? '')
          return (
            <form class="card" method="post" action={`/console/admin/wording/${set}/${name}`} id={name}>
              <Csrf token={who.session.csrfToken} />
              <h2>{title}{overridden.has(name) ? '（本会改过）' : ''}</h2>
              <p>可用变量：{variables.map((v) => `{{${v}}}`).join('、')}</p>
              <label for={`t-${name}`}>内容</label>
              <textarea id={`t-${name}`} name="text" rows={6} maxlength={4000} disabled={!editable}>{text}</textarea>
              {mine && extra.rendered !== undefined ? <div class="ok" style="white-space:pre-wrap">预览：{extra.rendered}</div> : null}
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

  app.get('/admin/wording', signedIn(desk), unitAdminsOnly, (c) => page(c, templateSetNames[0]!))
  app.get('/admin/wording/:set', signedIn(desk), unitAdminsOnly, (c) => {
    const set = c.req.param('set')
    return isTemplateSet(set) ? page(c, set) : c.notFound()
  })
  app.post('/admin/wording/:set/:name', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const who = c.get('signedIn')
    const { set, name } = c.req.param()
    if (!isTemplateSet(set)) return c.notFound()
    const f = await c.req.parseBody()
    const text = typeof f.text === 'string' ? f.text.slice(0, 4000) : ''
    const reset = f.action === 'reset'
    try {
      if (f.action === 'preview') return page(c, set, { draft: { name, text }, rendered: previewWording(set, name, text) })
      if (!top(c)) return page(c, set, { error: '只有最上级单位的管理员能保存改动。', draft: { name, text } }, 403)
      await saveWording(desk, { set, name, text: reset ? null : text, by: who.account.login })
    } catch (err) {
      if (err instanceof DeskError) return page(c, set, { error: err.message, draft: { name, text } }, 422)
      throw err
    }
    await audit(desk.db, { accountId: who.account.id, action: 'wording.changed', data: { set, name, reset }, at: desk.now() })
    return page(c, set, { ok: reset ? '已恢复默认用语。' : '已保存，新的回复都会用这段话。' })
  })
  return app
}
