import { Hono, type Context } from 'hono'
import { audit } from '../../desk/accounts/index.ts'
import { currentKnowledge, resetKnowledge, saveKnowledge } from '../../desk/conversation/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, isTopUnitAdmin, signedIn, trimmedField, unitAdminsOnly, type ConsoleEnv } from './session.ts'

type Extra = { error?: string; ok?: string; draft?: { slug: string; text: string } }

const blank = `---
title: 
keywords: [ ]
category: hardship
---
`

/**
 * The knowledge base workers' general questions are answered from (爱心帮扶证, 医疗互助, 欠薪,
 * 仲裁 …): each entry as its file reads, changed, added or removed here, checked before it is
 * kept, and used by every process within a minute. One knowledge base serves the whole desk,
 * so only the top unit's admin saves.
 */
export function knowledgeRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const top = (c: Context<ConsoleEnv>) => isTopUnitAdmin(c.get('signedIn').account)

  const page = async (c: Context<ConsoleEnv>, extra: Extra = {}, status: 200 | 403 | 422 = 200) => {
    const who = c.get('signedIn')
    const { entries, removed } = await currentKnowledge(desk)
    const editable = top(c)
    const draftFor = (slug: string, text: string) => (extra.draft?.slug === slug ? extra.draft.text : text)
    const isNew = extra.draft && !entries.some((e) => e.slug === extra.draft!.slug)
    return c.html(
      <Page title="知识库" who={who} csrf={who.session.csrfToken}>
        <h1>知识库</h1>
        <Notice error={extra.error} ok={extra.ok} />
        <p>职工问到一般性的问题（怎么申请帮扶证、仲裁要不要钱……），服务台按这里的条目回答，并告诉职工回复“人工”可以找工会干部。说的是职工自己的事（“公司拖欠我工资”），服务台照常登记、转给干部。关键词写职工会说的词，不写“申请”“材料”这样到处都有的词。</p>
        <p>每条的格式：三条横线之间写标题（title）、关键词（keywords）、类别（category，可不写），下面写回答，600字以内。</p>
        {entries.map((e) => (
          <form class="card" method="post" action={`/console/admin/knowledge/${e.slug}`} id={e.slug}>
            <Csrf token={who.session.csrfToken} />
            <h2>{e.title}{e.own ? '（本会改过或新加）' : ''}</h2>
            <textarea name="text" rows={10} maxlength={4000} disabled={!editable}>{draftFor(e.slug, e.text)}</textarea>
            {editable ? (
              <>
                <button type="submit" name="action" value="save">保存</button>{' '}
                {e.own ? <button class="quiet" type="submit" name="action" value="reset">恢复默认</button> : null}{' '}
                <button class="quiet" type="submit" name="action" value="remove">删去这一条</button>
              </>
            ) : null}
          </form>
        ))}
        {removed.length ? <p>已删去的默认条目：{removed.join('、')}（在下面用同样的英文名新加，就能恢复）。</p> : null}
        {editable ? (
          <form class="card" method="post" action="/console/admin/knowledge" id="new">
            <Csrf token={who.session.csrfToken} />
            <h2>新加一条</h2>
            <label for="slug">英文名（小写字母、数字和连字符，比如 jinqiu-zhuxue）</label>
            <input id="slug" name="slug" value={isNew ? extra.draft!.slug : ''} maxlength={41} required />
            <label for="new-text">内容</label>
            <textarea id="new-text" name="text" rows={10} maxlength={4000}>{isNew ? extra.draft!.text : blank}</textarea>
            <button type="submit">新加</button>
          </form>
        ) : (
          <p>只有最上级单位的管理员能保存改动。</p>
        )}
      </Page>,
      status,
    )
  }

  const change = async (c: Context<ConsoleEnv>, slug: string, action: string, text: string) => {
    const who = c.get('signedIn')
    if (!top(c)) return page(c, { error: '只有最上级单位的管理员能保存改动。', draft: { slug, text } }, 403)
    try {
      if (action === 'reset') await resetKnowledge(desk, slug)
      else await saveKnowledge(desk, { slug, text: action === 'remove' ? null : text, by: who.account.login })
    } catch (err) {
      if (err instanceof DeskError) return page(c, { error: err.message, draft: { slug, text } }, 422)
      throw err
    }
    await audit(desk.db, { accountId: who.account.id, action: 'knowledge.changed', data: { slug, action }, at: desk.now() })
    return page(c, { ok: action === 'remove' ? '已删去，服务台不再用这一条回答。' : action === 'reset' ? '已恢复默认。' : '已保存，服务台马上按新的回答。' })
  }

  app.get('/admin/knowledge', signedIn(desk), unitAdminsOnly, (c) => page(c))
  app.post('/admin/knowledge', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const f = await c.req.parseBody()
    return change(c, trimmedField(f, 'slug', 41).toLowerCase(), 'save', typeof f.text === 'string' ? f.text.slice(0, 4000) : '')
  })
  app.post('/admin/knowledge/:slug', signedIn(desk), csrfChecked, unitAdminsOnly, async (c) => {
    const f = await c.req.parseBody()
    return change(c, c.req.param('slug'), typeof f.action === 'string' ? f.action : 'save', typeof f.text === 'string' ? f.text.slice(0, 4000) : '')
  })
  return app
}
