import type { Category } from '../../../src/classify/types.ts'

/**
 * One seed group: hand-written phrasings of one situation, with {slot} placeholders.
 * Every message generated from a group lands in the same split, so the held-out
 * set never contains a rewording of a training template.
 */
export type Seed = {
  id: string
  label: Category
  urgent: boolean
  texts: readonly string[]
  /** How many messages to draw; defaults depend on whether the texts have slots. */
  n?: number
}

export const g = (id: string, label: Category, urgent: boolean, texts: string[], n?: number): Seed =>
  ({ id, label, urgent, texts, n })
