import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseReplyTemplates, renderReply, REPLY_TEMPLATE_NAMES } from '../../../src/channels/wechat-oa/replies.ts'
import { fileTemplates } from '../../../src/node/templates.ts'

const loadReplyTemplates = (root?: string) => parseReplyTemplates(fileTemplates(root)('wechat-oa'))

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

  it('reads templates from another directory, and fails fast when one is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'oa-templates-'))
    mkdirSync(join(root, 'wechat-oa'))
    for (const name of REPLY_TEMPLATE_NAMES) writeFileSync(join(root, 'wechat-oa', `${name}.md`), `${name}: {{unionName}}\n\n`)
    expect(renderReply(loadReplyTemplates(root), 'menu-ask-for-help', { unionName: 'U' })).toBe('menu-ask-for-help: U')
    const empty = mkdtempSync(join(tmpdir(), 'oa-templates-'))
    mkdirSync(join(empty, 'wechat-oa'))
    expect(() => loadReplyTemplates(empty)).toThrow(/Missing WeChat reply templates/)
  })
})
