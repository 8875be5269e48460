import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MENU_KEYS } from '../../../src/channels/wechat-oa/menu.ts'
import { createEventReplies, loadReplyTemplates, renderReply, REPLY_TEMPLATE_NAMES } from '../../../src/channels/wechat-oa/replies.ts'
import type { OfficialAccountEvent } from '../../../src/channels/wechat-oa/messages.ts'

const base = { openId: 'o1', accountId: 'gh_1', createdAt: new Date(0), dedupeKey: 'k' }

describe('reply templates', () => {
  it('loads every template shipped in prompts/wechat-oa/', () => {
    const templates = loadReplyTemplates()
    for (const name of REPLY_TEMPLATE_NAMES) expect(templates[name].length).toBeGreaterThan(10)
  })

  it('fills placeholders without HTML-escaping and drops empty sections', () => {
    const templates = loadReplyTemplates()
    const withHotline = renderReply(templates, 'subscribe', { unionName: '“某某区”总工会 & 职工服务中心', hotline: '12351' })
    expect(withHotline).toContain('欢迎关注“某某区”总工会 & 职工服务中心')
    expect(withHotline).toContain('12351')
    expect(renderReply(templates, 'subscribe', { unionName: '某某区总工会' })).not.toContain('紧急情况')
  })

  it('answers follows and the three menu buttons, nothing else', async () => {
    const handleEvent = createEventReplies({ templates: loadReplyTemplates(), vars: { unionName: '某某区总工会' } })
    const subscribe = await handleEvent({ ...base, type: 'subscribe' })
    expect(subscribe.reply).toContain('欢迎关注某某区总工会')
    const clicks = await Promise.all(
      Object.entries(MENU_KEYS).map(([action, key]) =>
        handleEvent({ ...base, type: 'menu_click', key, action: action as 'askForHelp' }),
      ),
    )
    expect(new Set(clicks.map((c) => c.reply)).size).toBe(3)
    const silent: OfficialAccountEvent[] = [
      { ...base, type: 'unsubscribe' },
      { ...base, type: 'menu_click', key: 'OTHER' },
      { ...base, type: 'menu_view', url: 'https://x' },
    ]
    for (const e of silent) expect(await handleEvent(e)).toEqual({})
  })

  it('reads templates from another directory, and fails fast when one is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oa-templates-'))
    for (const name of REPLY_TEMPLATE_NAMES) writeFileSync(join(dir, `${name}.md`), `${name}: {{unionName}}\n\n`)
    expect(renderReply(loadReplyTemplates(dir), 'menu-ask-for-help', { unionName: 'U' })).toBe('menu-ask-for-help: U')
    const empty = mkdtempSync(join(tmpdir(), 'oa-templates-'))
    expect(() => loadReplyTemplates(empty)).toThrow(/ENOENT/)
  })
})
