import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { KnowledgeEntry, parseKnowledge } from './knowledge.ts'

/**
 * The knowledge base as cadres keep it: the entries shipped in prompts/knowledge, with the
 * union's own over them in the database (TemplateOverride, set 'knowledge', by slug; an empty
 * text removes a shipped entry). Checked as the files are, before anything is stored, and
 * followed by every process within a minute (`refreshKnowledge`, run with the wording).
 */
type KnowledgeDesk = Pick<Desk, 'db' | 'templates' | 'knowledge' | 'now'>
const SET = 'knowledge'

export type KnowledgeView = { entries: (KnowledgeEntry & { own: boolean; text: string })[]; removed: string[] }

async function files(desk: KnowledgeDesk) {
  const own = await desk.db.templateOverride.findMany({ where: { set: SET } })
  const shipped = desk.templates(SET)
  const merged: Record<string, string> = { ...shipped }
  for (const o of own) {
    if (o.text.trim()) merged[o.name] = o.text
    else delete merged[o.name]
  }
  return { merged, own: new Set(own.filter((o) => o.text.trim()).map((o) => o.name)), removed: own.filter((o) => !o.text.trim() && o.name in shipped).map((o) => o.name) }
}

export async function currentKnowledge(desk: KnowledgeDesk): Promise<KnowledgeView> {
  const { merged, own, removed } = await files(desk)
  const kb = parseKnowledge(merged)
  return { entries: kb.entries.map((e) => ({ ...e, own: own.has(e.slug), text: merged[e.slug]! })), removed }
}

export async function refreshKnowledge(desk: KnowledgeDesk): Promise<void> {
  desk.knowledge.use(parseKnowledge((await files(desk)).merged))
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,40}$/

/** Keeps an entry (new or changed), checked as a file would be; `text: null` removes it. */
export async function saveKnowledge(desk: KnowledgeDesk, input: { slug: string; text: string | null; by: string }): Promise<void> {
  if (!SLUG.test(input.slug)) throw new DeskError('knowledge_invalid', '条目的英文名只能用小写字母、数字和连字符，比如 gongshang-rending。')
  const text = input.text === null ? '' : input.text.replace(/\r\n?/g, '\n').trim()
  if (text) {
    try {
      parseKnowledge({ [input.slug]: text })
    } catch (err) {
      throw new DeskError('knowledge_invalid', (err as Error).message)
    }
  }
  const shipped = input.slug in desk.templates(SET)
  if (!text && !shipped) await desk.db.templateOverride.deleteMany({ where: { set: SET, name: input.slug } })
  else {
    const data = { text, updatedAt: desk.now(), updatedBy: input.by }
    await desk.db.templateOverride.upsert({ where: { set_name: { set: SET, name: input.slug } }, create: { set: SET, name: input.slug, ...data }, update: data })
  }
  await refreshKnowledge(desk)
}

/** Back to the shipped entry (or, for one the union wrote, nothing). */
export async function resetKnowledge(desk: KnowledgeDesk, slug: string): Promise<void> {
  await desk.db.templateOverride.deleteMany({ where: { set: SET, name: slug } })
  await refreshKnowledge(desk)
}
