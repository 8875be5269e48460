import { describe, expect, it } from 'vitest'
import { fileTemplates } from '../src/node/templates.ts'
import { templateNames, templateSetNames, templateSets, templateSpec } from '../src/text/template-sets.ts'
import { checkTemplateSet, liveWording, renderTemplate, templateProblem } from '../src/text/templates.ts'

describe('the template sets a union may reword', () => {
  it('are all shipped in prompts/, each template using only its own variables', () => {
    const wording = liveWording(fileTemplates())
    for (const set of templateSetNames) {
      for (const name of templateNames(set)) expect((wording.texts(set) as Record<string, string>)[name]!.length, `${set}/${name}`).toBeGreaterThan(5)
    }
  })

  it('give the preview a sample for every variable a template may use', () => {
    for (const set of templateSetNames) {
      const used = new Set(templateNames(set).flatMap((name) => templateSpec(set, name)!.variables))
      expect([...used].filter((v) => !(v in templateSets[set].sample)), set).toEqual([])
    }
  })

  it('refuse a text with another variable, an unclosed tag or nothing in it, saying why', () => {
    expect(templateProblem('wechat-oa', 'too-fast', '急事请打{{hotline}}')).toBeNull()
    expect(templateProblem('wechat-oa', 'too-fast', '{{#scene}}扫码{{/scene}}')).toBe('这段话用了 {{scene}}，但这里只能用：{{unionName}}、{{portalUrl}}、{{hotline}}。')
    expect(templateProblem('wechat-oa', 'too-fast', '急事请打{{hotline')).toMatch(/^花括号没有成对/)
    expect(templateProblem('wechat-oa', 'too-fast', '  \n')).toMatch(/^内容是空的/)
    expect(templateProblem('wechat-oa', 'no-such', '你好')).toBe('没有叫 no-such 的模板。')
    const files = { ...fileTemplates()('wechat-oa'), subscribe: '欢迎 {{unionNam}}' }
    expect(() => checkTemplateSet('wechat-oa', files)).toThrow('prompts/wechat-oa/subscribe.md: 这段话用了 {{unionNam}}')
  })

  it('render as plain text: nothing escaped, blank lines from empty sections collapsed', () => {
    expect(renderTemplate('“{{unionName}}” & 您\n\n{{#hotline}}热线{{/hotline}}\n\n好', { unionName: '<某某>总工会' })).toBe('“<某某>总工会” & 您\n\n好')
  })
})
