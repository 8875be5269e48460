import { z } from 'zod'

/** What workers ask the union for (../shared/DOMAIN.md, "What workers ask for"). */
export const categories = ['wage_arrears', 'legal_aid', 'job_seeking', 'hardship', 'other'] as const
export const Category = z.enum(categories)
export type Category = z.infer<typeof Category>

/** The decision the desk stores on a ticket. */
export const Classification = z.object({
  category: Category,
  /** Accident or sudden illness just happened, danger to life, self-harm, a crowd protesting now: the 2-hour rule. */
  urgent: z.boolean(),
  /** 0..1, how sure the deciding model is of the category. */
  confidence: z.number().min(0).max(1),
  /** Which model decided, e.g. "lexicon@1", "linear@3", "llm:deepseek-chat". */
  source: z.string().min(1),
  /** A short reason a cadre can read, in Chinese. Never the worker's whole text. */
  reason: z.string().max(200),
})
export type Classification = z.infer<typeof Classification>

/** Anything that can classify a message. Implementations must never throw on odd input. */
export interface Classifier {
  /** `localOnly`: answer from the embedded model, never the network (a quick check, not a ticket's label). */
  classify(text: string, opts?: { signal?: AbortSignal; localOnly?: boolean }): Promise<Classification>
}
