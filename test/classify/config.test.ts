import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ClassifierConfig, checkClassifierConfig } from '../../src/classify/index.ts'

describe('ClassifierConfig', () => {
  it('defaults to the embedded model alone', () => {
    expect(ClassifierConfig.parse({})).toEqual({ LLM_PROVIDER: 'none', LLM_TIMEOUT_MS: 3000, CLASSIFY_LLM_THRESHOLD: 0.6 })
  })

  it('coerces environment strings and treats blank as unset', () => {
    const c = ClassifierConfig.parse({ LLM_PROVIDER: 'openai', LLM_MODEL: 'deepseek-chat', LLM_API_KEY: 'sk-x', LLM_BASE_URL: '', LLM_TIMEOUT_MS: '1500', CLASSIFY_LLM_THRESHOLD: '0.75' })
    expect(c).toMatchObject({ LLM_TIMEOUT_MS: 1500, CLASSIFY_LLM_THRESHOLD: 0.75, LLM_BASE_URL: undefined })
  })

  it('explains what is missing', () => {
    const r = ClassifierConfig.safeParse({ LLM_PROVIDER: 'openai' })
    expect(r.success).toBe(false)
    expect(r.error!.issues.map((i) => i.message).join('\n')).toMatch(/needs LLM_MODEL/)
    expect(ClassifierConfig.safeParse({ LLM_PROVIDER: 'ollama', LLM_MODEL: 'qwen2.5:7b' }).success).toBe(true)
    expect(ClassifierConfig.safeParse({ LLM_PROVIDER: 'claude' }).success).toBe(false)
    expect(ClassifierConfig.safeParse({ CLASSIFY_LLM_THRESHOLD: '1.5' }).success).toBe(false)
    expect(ClassifierConfig.safeParse({ LLM_BASE_URL: 'not a url' }).success).toBe(false)
  })

  it('merges into an app config schema, keeping the checks with checkClassifierConfig', () => {
    const App = z.object({ PORT: z.coerce.number().default(3000) }).extend(ClassifierConfig.shape).superRefine(checkClassifierConfig)
    expect(App.parse({ PORT: '8080' })).toMatchObject({ PORT: 8080, LLM_PROVIDER: 'none' })
    expect(App.safeParse({ LLM_PROVIDER: 'ollama' }).success).toBe(false)
  })
})
