import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import Mustache from 'mustache'

/**
 * Texts workers see live in prompts/ as Mustache templates, so a union can change the
 * wording without touching code. Each template declares nothing; the code below lists
 * the variables each one may use, and loading fails loudly on a typo such as
 * {{ticketNumbr}}, instead of sending a worker a blank.
 */
export const replyTemplates = {
  'ticket-opened': ['ticketNumber', 'categoryLabel', 'unitName', 'assigned', 'responseTime', 'urgent'],
  'ticket-continued': ['ticketNumber', 'assigned'],
  'ticket-status': ['ticketNumber', 'statusLabel', 'unitName'],
  'step-assigned': ['ticketNumber', 'unitName', 'cadreName'],
  'step-closed': ['ticketNumber', 'summary'],
  'satisfaction-question': ['ticketNumber'],
  'satisfaction-thanks': ['ratingLabel', 'unsatisfied'],
  'follow-up-opened': ['ticketNumber', 'unitName'],
  'no-tickets': ['ticketNumber'],
} as const satisfies Record<string, readonly string[]>

export type ReplyName = keyof typeof replyTemplates
export type ReplyView<N extends ReplyName> = Record<(typeof replyTemplates)[N][number], string | number | boolean>

export type Replies = { render<N extends ReplyName>(name: N, view: ReplyView<N>): string }

function variablesOf(tokens: unknown[]): string[] {
  const names: string[] = []
  for (const t of tokens as [string, string, number, number, unknown[]?][]) {
    if (['name', '&', '#', '^'].includes(t[0])) names.push(t[1])
    if (t[4]) names.push(...variablesOf(t[4]))
  }
  return names
}

export function loadReplies(dir: string): Replies {
  const files = new Set(readdirSync(dir))
  const templates = new Map<string, string>()
  for (const [name, allowed] of Object.entries(replyTemplates)) {
    const file = `${name}.md`
    if (!files.has(file)) throw new Error(`Missing reply template ${path.join(dir, file)}`)
    const text = readFileSync(path.join(dir, file), 'utf8').trim()
    const unknown = variablesOf(Mustache.parse(text)).filter((v) => !(allowed as readonly string[]).includes(v))
    if (unknown.length) {
      throw new Error(`${path.join(dir, file)} uses {{${unknown.join('}}, {{')}}}; it may use: ${allowed.join(', ')}`)
    }
    templates.set(name, text)
  }
  return {
    render(name, view) {
      // Replies are plain text for chat apps: no HTML escaping, and blank lines left by sections collapse.
      return Mustache.render(templates.get(name)!, view, {}, { escape: (s: string) => s })
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    },
  }
}
