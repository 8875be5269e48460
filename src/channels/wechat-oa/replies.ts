import Mustache from 'mustache'

/**
 * The words the channel itself says (welcome, menu answers, "please send text"), kept in
 * plain-text files under `prompts/wechat-oa/` so a union can edit them without touching code.
 * `{{placeholders}}` are filled with Mustache; output is plain text, so nothing is HTML-escaped.
 *
 * The texts come from the desk's template source (files on Node, a bundle at the edge);
 * {@link parseReplyTemplates} checks that every one is there, once, at start-up.
 */

export const REPLY_TEMPLATE_NAMES = [
  'subscribe',
  'menu-query-progress',
  'menu-ask-for-help',
  'menu-subscribe-jobs',
  'unsupported-message',
  'too-fast',
] as const
export type ReplyTemplateName = (typeof REPLY_TEMPLATE_NAMES)[number]
export type ReplyTemplates = Record<ReplyTemplateName, string>

/** Values available to every template, e.g. `{ unionName: '某某区总工会', portalUrl: 'https://…' }`. */
export type ReplyVars = Record<string, string | number | undefined>

export function parseReplyTemplates(files: Record<string, string>): ReplyTemplates {
  const missing = REPLY_TEMPLATE_NAMES.filter((name) => files[name] === undefined)
  if (missing.length) throw new Error(`Missing WeChat reply templates: ${missing.map((n) => `prompts/wechat-oa/${n}.md`).join(', ')}`)
  // Trailing newlines are an editor habit, not part of the message.
  return Object.fromEntries(REPLY_TEMPLATE_NAMES.map((name) => [name, files[name]!.replace(/\s+$/, '')])) as ReplyTemplates
}

export const renderReply = (templates: ReplyTemplates, name: ReplyTemplateName, vars: ReplyVars = {}): string =>
  Mustache.render(templates[name], vars, undefined, { escape: (text: string) => text }).trim()
