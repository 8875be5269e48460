import { templateNames, templateSetNames, templateSets, templateSpec, type TemplateSet } from '../../text/template-sets.ts'
import { checkTemplateSet, renderTemplate, templateProblem } from '../../text/templates.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'

/**
 * The union's own wording, for every template set (src/text/template-sets.ts): a template
 * changed in the console is kept in the database (TemplateOverride, by set and name) over
 * the shipped file, checked as the files are (only the variables each template may use),
 * and every process picks it up within a minute (`refreshWording`).
 */
type WordingDesk = Pick<Desk, 'db' | 'templates' | 'wording' | 'now'>

type Override = { name: string; text: string }
const laidOver = (desk: WordingDesk, set: TemplateSet, overrides: Override[]) => {
  const names = new Set<string>(templateNames(set))
  // A row for a template the set no longer has is left where it is, and not used.
  const own = overrides.filter((o) => names.has(o.name))
  return { texts: { ...desk.templates(set), ...Object.fromEntries(own.map((o) => [o.name, o.text])) }, overridden: new Set(own.map((o) => o.name)) }
}

/** A set as the console shows it: each template's text now, and which of them are the union's own. */
export async function currentWording(desk: WordingDesk, set: TemplateSet): Promise<{ texts: Record<string, string>; overridden: Set<string> }> {
  return laidOver(desk, set, await desk.db.templateOverride.findMany({ where: { set } }))
}

/**
 * Reads the union's wording of every set and puts it to use in this process. A set whose
 * wording does not check keeps what the process had (and the error names it); the others
 * are used all the same.
 */
export async function refreshWording(desk: WordingDesk): Promise<void> {
  const overrides = await desk.db.templateOverride.findMany()
  const failed: string[] = []
  for (const set of templateSetNames) {
    try {
      desk.wording.use(set, checkTemplateSet(set, laidOver(desk, set, overrides.filter((o) => o.set === set)).texts))
    } catch (err) {
      failed.push(`${set} (${(err as Error).message})`)
    }
  }
  if (failed.length) throw new Error(`kept this process's wording of ${failed.join('; ')}`)
}

function checked(set: TemplateSet, name: string, text: string) {
  const problem = templateProblem(set, name, text)
  if (problem) throw new DeskError('wording_invalid', problem)
}

/** What the template would say, with the set's sample values; a text that does not check is refused, saying why. */
export function previewWording(set: TemplateSet, name: string, text: string): string {
  checked(set, name, text)
  return renderTemplate(text.trim(), templateSets[set].sample)
}

/** Keeps (or, with `text: null`, drops) the union's wording of one template, and puts it to use in this process at once. */
export async function saveWording(desk: WordingDesk, input: { set: TemplateSet; name: string; text: string | null; by: string }): Promise<void> {
  const { set, name } = input
  if (input.text === null) {
    if (!templateSpec(set, name)) throw new DeskError('wording_invalid', `没有叫 ${name} 的模板。`)
    await desk.db.templateOverride.deleteMany({ where: { set, name } })
  } else {
    checked(set, name, input.text) // refuses what would not check, before anything is stored
    const data = { text: input.text.trim(), updatedAt: desk.now(), updatedBy: input.by }
    await desk.db.templateOverride.upsert({ where: { set_name: { set, name } }, create: { set, name, ...data }, update: data })
  }
  await refreshWording(desk)
}
