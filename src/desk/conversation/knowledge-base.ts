import { matchKnowledge, parseKnowledge, type KnowledgeBase, type KnowledgeEntry } from './knowledge.ts'

/**
 * The union's knowledge base as the desk uses it now: the entries shipped in
 * prompts/knowledge, replaced whole when cadres change them, so a reader never sees half an edit.
 */
export type LiveKnowledge = { match(text: string): KnowledgeEntry | null; entries(): readonly KnowledgeEntry[]; use(kb: KnowledgeBase): void }

export function liveKnowledge(files: Record<string, string>): LiveKnowledge {
  let current = parseKnowledge(files)
  return {
    match: (text) => matchKnowledge(current, text)?.entry ?? null,
    entries: () => current.entries,
    use: (kb) => void (current = kb),
  }
}
