import Mustache from 'mustache'

/**
 * Texts workers see live in prompts/ as Mustache templates, so a union can change the
 * wording without touching code. Each template declares nothing; the code below lists
 * the variables each one may use, and loading fails loudly on a typo such as
 * {{ticketNumbr}}, instead of sending a worker a blank.
 */
export const replyTemplates = {
  'ticket-opened': ['ticketNumber', 'categoryLabel', 'unitName', 'assigned', 'responseTime', 'urgent', 'accessCode', 'portal'],
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

/** Replies whose wording can be swapped while the desk runs (a union edits it in the console). */
export type LiveReplies = Replies & { use(next: Replies): void }

export function liveReplies(initial: Replies): LiveReplies {
  let current = initial
  return { render: (name, view) => current.render(name, view), use: (next) => void (current = next) }
}

/** The template sets under prompts/, by folder. */
export type TemplateSet = 'replies' | 'wechat-oa'
/**
 * Where templates come from: on Node the files in prompts/<set>/ (src/node/templates.ts),
 * at the edge a bundle. Each set is a record of name (the file name without .md) to text.
 */
export type TemplateSource = (set: TemplateSet) => Record<string, string>

function variablesOf(tokens: unknown[]): string[] {
  const names: string[] = []
  for (const t of tokens as [string, string, number, number, unknown[]?][]) {
    if (['name', '&', '#', '^'].includes(t[0])) names.push(t[1])
    if (t[4]) names.push(...variablesOf(t[4]))
  }
  return names
}

export function parseReplies(files: Record<string, string>): Replies {
  const templates = new Map<string, string>()
  for (const [name, allowed] of Object.entries(replyTemplates)) {
    const source = files[name]
    if (source === undefined) throw new Error(`Missing reply template prompts/replies/${name}.md`)
    const text = source.trim()
    const unknown = variablesOf(Mustache.parse(text)).filter((v) => !(allowed as readonly string[]).includes(v))
    if (unknown.length) {
      throw new Error(`prompts/replies/${name}.md uses {{${unknown.join('}}, {{')}}}; it may use: ${allowed.join(', ')}`)
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
