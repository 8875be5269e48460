import { z } from 'zod'

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/**
 * Classifier settings, read from environment-style strings. A plain z.object so the app
 * can merge its shape into the app config; the cross-field checks live in
 * `checkClassifierConfig`, which the app should add with `.superRefine` after merging.
 */
export const classifierConfigShape = {
  /** none: embedded model only. openai: any OpenAI-compatible endpoint. ollama: a local Ollama. */
  LLM_PROVIDER: z.preprocess(blankToUndefined, z.enum(['none', 'openai', 'ollama']).default('none')),
  /** e.g. https://api.deepseek.com/v1, https://dashscope.aliyuncs.com/compatible-mode/v1, http://127.0.0.1:11434 */
  LLM_BASE_URL: z.preprocess(blankToUndefined, z.url().optional()),
  /** e.g. deepseek-chat, qwen-plus, glm-4-flash, moonshot-v1-8k, qwen2.5:7b */
  LLM_MODEL: z.preprocess(blankToUndefined, z.string().min(1).optional()),
  LLM_API_KEY: z.preprocess(blankToUndefined, z.string().min(1).optional()),
  /** The LLM's time budget per message; after it the embedded model's answer stands. */
  LLM_TIMEOUT_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100).max(60_000).default(3000)),
  /** Below this embedded confidence, and with an LLM configured, the LLM decides. */
  CLASSIFY_LLM_THRESHOLD: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(1).default(0.6)),
}

type Shape = z.infer<z.ZodObject<typeof classifierConfigShape>>

export function checkClassifierConfig(c: Shape, ctx: z.RefinementCtx): void {
  if (c.LLM_PROVIDER === 'none') return
  if (!c.LLM_MODEL) ctx.addIssue({ code: 'custom', path: ['LLM_MODEL'], message: `LLM_PROVIDER=${c.LLM_PROVIDER} needs LLM_MODEL (e.g. deepseek-chat, qwen-plus, qwen2.5:7b)` })
  if (c.LLM_PROVIDER === 'openai' && !c.LLM_API_KEY && !c.LLM_BASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['LLM_API_KEY'], message: 'LLM_PROVIDER=openai needs LLM_API_KEY, or LLM_BASE_URL for a local server that needs no key' })
  }
}

export const ClassifierConfig = z.object(classifierConfigShape).superRefine(checkClassifierConfig)
export type ClassifierConfig = z.infer<typeof ClassifierConfig>
