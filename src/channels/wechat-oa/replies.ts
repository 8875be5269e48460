import { readFileSync } from 'node:fs'
import Mustache from 'mustache'
import type { OfficialAccountEvent } from './messages.ts'

/**
 * The words the channel itself says (welcome, menu answers, "please send text"), kept in
 * plain-text files under `prompts/wechat-oa/` so a union can edit them without touching code.
 * `{{placeholders}}` are filled with Mustache; output is plain text, so nothing is HTML-escaped.
 *
 * On Node, {@link loadReplyTemplates} reads the files once at start-up and fails fast when one
 * is missing. Runtimes without a file system (the Workers entry) import the texts with their
 * bundler and hand them to {@link createEventReplies} as a {@link ReplyTemplates} object.
 */

export const REPLY_TEMPLATE_NAMES = [
  'subscribe',
  'menu-query-progress',
  'menu-ask-for-help',
  'menu-subscribe-jobs',
  'unsupported-message',
] as const
export type ReplyTemplateName = (typeof REPLY_TEMPLATE_NAMES)[number]
export type ReplyTemplates = Record<ReplyTemplateName, string>

/** Values available to every template, e.g. `{ unionName: '某某区总工会', portalUrl: 'https://…' }`. */
export type ReplyVars = Record<string, string | number | undefined>

export const DEFAULT_TEMPLATE_DIR = new URL('../../../prompts/wechat-oa/', import.meta.url)

export const loadReplyTemplates = (dir: URL | string = DEFAULT_TEMPLATE_DIR): ReplyTemplates => {
  const base = typeof dir === 'string' ? new URL(`file://${dir.endsWith('/') ? dir : `${dir}/`}`) : dir
  const entries = REPLY_TEMPLATE_NAMES.map((name) => {
    const text = readFileSync(new URL(`${name}.md`, base), 'utf8')
    // Trailing newlines are an editor habit, not part of the message.
    return [name, text.replace(/\s+$/, '')] as const
  })
  return Object.fromEntries(entries) as ReplyTemplates
}

export const renderReply = (templates: ReplyTemplates, name: ReplyTemplateName, vars: ReplyVars = {}): string =>
  Mustache.render(templates[name], vars, undefined, { escape: (text: string) => text }).trim()

/**
 * A ready-made `handleEvent` for the webhook: a welcome on subscribe, a fixed answer for
 * each of the desk's menu buttons, nothing for other events. The desk can wrap it to answer
 * 查询进度 with the worker's real ticket status and fall back to this for the rest.
 *
 * @example
 * const handleEvent = createEventReplies({ templates: loadReplyTemplates(), vars: { unionName: '某某区总工会' } })
 */
export const createEventReplies =
  ({ templates, vars = {} }: { templates: ReplyTemplates; vars?: ReplyVars }) =>
  async (event: OfficialAccountEvent): Promise<{ reply?: string }> => {
    switch (event.type) {
      case 'subscribe':
        return { reply: renderReply(templates, 'subscribe', { ...vars, scene: event.scene }) }
      case 'menu_click':
        if (event.action === 'queryProgress') return { reply: renderReply(templates, 'menu-query-progress', vars) }
        if (event.action === 'askForHelp') return { reply: renderReply(templates, 'menu-ask-for-help', vars) }
        if (event.action === 'subscribeJobs') return { reply: renderReply(templates, 'menu-subscribe-jobs', vars) }
        return {}
      default:
        return {}
    }
  }
