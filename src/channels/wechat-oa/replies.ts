import { templateNames, type TemplateName } from '../../text/template-sets.ts'
import { checkTemplateSet, renderTemplate, type TemplateTexts } from '../../text/templates.ts'

/**
 * The words the channel itself says (welcome, menu answers, "please send text"): the
 * template set 'wechat-oa' (src/text/template-sets.ts lists its templates and the variables
 * each may use), shipped as plain-text files under `prompts/wechat-oa/` and reworded by the
 * union in the console. `{{placeholders}}` are filled with Mustache; output is plain text,
 * so nothing is HTML-escaped.
 *
 * The desk reads them through `desk.wording.texts('wechat-oa')`, which follows the union's
 * edits; {@link parseReplyTemplates} checks a set of texts the same way.
 */
export type ReplyTemplateName = TemplateName<'wechat-oa'>
export const REPLY_TEMPLATE_NAMES: readonly ReplyTemplateName[] = templateNames('wechat-oa')
export type ReplyTemplates = TemplateTexts<'wechat-oa'>

/** Values available to every template, e.g. `{ unionName: '某某区总工会', portalUrl: 'https://…' }`. */
export type ReplyVars = Record<string, string | number | undefined>

export function parseReplyTemplates(files: Record<string, string>): ReplyTemplates {
  const missing = REPLY_TEMPLATE_NAMES.filter((name) => files[name] === undefined)
  if (missing.length) throw new Error(`Missing WeChat reply templates: ${missing.map((n) => `prompts/wechat-oa/${n}.md`).join(', ')}`)
  return checkTemplateSet('wechat-oa', files)
}

export const renderReply = (templates: ReplyTemplates, name: ReplyTemplateName, vars: ReplyVars = {}): string => renderTemplate(templates[name], vars)
