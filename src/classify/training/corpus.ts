import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { Category } from '../types.ts'

export const CorpusRow = z.object({ id: z.string(), text: z.string(), label: Category, urgent: z.boolean(), group: z.string() })
export type CorpusRow = z.infer<typeof CorpusRow>

export const corpusFile = (split: 'train' | 'heldout') => new URL(`../../../data/classify/${split}.jsonl`, import.meta.url)

export function readCorpus(split: 'train' | 'heldout'): CorpusRow[] {
  return readFileSync(corpusFile(split), 'utf8').split('\n').filter((l) => l.trim()).map((l) => CorpusRow.parse(JSON.parse(l)))
}
