import Mustache from 'mustache'
import { templateNames, templateSetNames, templateSpec, type TemplateName, type TemplateSet, type TemplateVariable } from './template-sets.ts'

export type { TemplateSet } from './template-sets.ts'

/**
 * Texts workers see live in prompts/ as Mustache templates, so a union can change the
 * wording without touching code. Each template declares nothing; the registry
 * (template-sets.ts) lists the variables each one may use, and a text that uses another is
 * refused, at start-up and in the console alike.
 */
export type ReplyName = TemplateName<'replies'>
export type ReplyView<N extends ReplyName> = Record<TemplateVariable<'replies', N>, string | number | boolean>

export type Replies = { render<N extends ReplyName>(name: N, view: ReplyView<N>): string }

/**
 * Where the shipped templates come from: on Node the files in prompts/<set>/
 * (src/node/templates.ts), at the edge a bundle. Each set is a record of name (the file name
 * without .md) to text.
 */
export type TemplateSource = (folder: PromptFolder) => Record<string, string>

/** The folders under prompts/ the desk reads: the template sets, and the union's knowledge base (entries, not templates). */
export type PromptFolder = TemplateSet | 'knowledge'

/** A set's texts, checked: every template of the set, each with only its own variables. */
export type TemplateTexts<S extends TemplateSet> = Readonly<Record<TemplateName<S>, string>>

function variablesOf(tokens: unknown[]): string[] {
  const names: string[] = []
  for (const t of tokens as [string, string, number, number, unknown[]?][]) {
    if (['name', '&', '#', '^'].includes(t[0])) names.push(t[1])
    if (t[4]) names.push(...variablesOf(t[4]))
  }
  return names
}

const braces = (names: readonly string[]) => names.map((v) => `{{${v}}}`).join('、')

/** What is wrong with one template's text, in words a unit admin can act on; null when nothing is. */
export function templateProblem(set: TemplateSet, name: string, text: string): string | null {
  const spec = templateSpec(set, name)
  if (!spec) return `没有叫 ${name} 的模板。`
  if (!text.trim()) return '内容是空的。想用回原来的话，请点“恢复默认”。'
  let used: string[]
  try {
    used = variablesOf(Mustache.parse(text.trim()))
  } catch (err) {
    return `花括号没有成对（${(err as Error).message}），请检查 {{ 和 }}、{{#…}} 和 {{/…}}。`
  }
  const unknown = [...new Set(used.filter((v) => !spec.variables.includes(v)))]
  if (unknown.length) return `这段话用了 ${braces(unknown)}，但这里只能用：${braces(spec.variables)}。`
  return null
}

/**
 * A set's texts made ready for use: every template there, each checked, with the spaces and
 * newlines around it dropped (an editor habit, not part of the message). Throws naming the file.
 */
export function checkTemplateSet<S extends TemplateSet>(set: S, files: Record<string, string>): TemplateTexts<S> {
  const texts: Record<string, string> = {}
  for (const name of templateNames(set)) {
    const source = files[name]
    if (source === undefined) throw new Error(`Missing template prompts/${set}/${name}.md`)
    const problem = templateProblem(set, name, source)
    if (problem) throw new Error(`prompts/${set}/${name}.md: ${problem}`)
    texts[name] = source.trim()
  }
  return texts as TemplateTexts<S>
}

/** Fills a template. Plain text for chat apps: nothing is HTML-escaped, and blank lines left by empty sections collapse. */
export const renderTemplate = (text: string, view: Readonly<Record<string, unknown>>): string =>
  Mustache.render(text, view, {}, { escape: (s: string) => s })
    .replace(/\n{3,}/g, '\n\n')
    .trim()

/**
 * Every set's texts as the desk uses them now: the shipped files, with the union's own
 * wording laid over them by refreshWording. A set is swapped whole, so a reader never sees
 * half an edit; readers ask each time they speak, so an edit is heard at once.
 */
export type LiveWording = {
  texts<S extends TemplateSet>(set: S): TemplateTexts<S>
  use<S extends TemplateSet>(set: S, texts: TemplateTexts<S>): void
}

/** Reads and checks every registered set from `source` (a missing or broken template fails here, at start-up). */
export function liveWording(source: TemplateSource): LiveWording {
  const current = new Map<TemplateSet, Readonly<Record<string, string>>>(templateSetNames.map((set) => [set, checkTemplateSet(set, source(set))]))
  return {
    texts: <S extends TemplateSet>(set: S) => current.get(set) as TemplateTexts<S>,
    use: (set, texts) => void current.set(set, texts),
  }
}

/** The desk's replies to workers, in the wording of the moment. */
export const liveReplies = (wording: LiveWording): Replies => ({
  render: (name, view) => renderTemplate(wording.texts('replies')[name], view),
})
