import type { Classification, Classifier } from './types.ts'
import type { EmbeddedClassifier } from './embedded/embedded-classifier.ts'
import type { LlmClassifier, LlmOutcome } from './llm/llm-classifier.ts'

const failureText: Record<Extract<LlmOutcome, { ok: false }>['failure'], string> = {
  timeout: '大模型超时',
  malformed: '大模型答复格式不对',
  error: '大模型调用失败',
  aborted: '调用被取消',
}

/** A reason the cadre can read, trimmed, on one line, never long enough to carry the message itself. */
const tidy = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 60)

/**
 * The embedded model decides alone when it is confident (or when no LLM is configured,
 * or the input is empty or garbage). Otherwise the LLM decides within its time budget,
 * and any failure leaves the embedded answer in place.
 *
 * Urgency is never lowered by the LLM: the embedded urgency decision (tuned for recall,
 * with the emergency phrases) always stands, so text in the message cannot talk the
 * desk out of a 2-hour callback. The LLM can only add urgency.
 */
export function createCascade(embedded: EmbeddedClassifier, llm: LlmClassifier | null, threshold: number): Classifier {
  return {
    async classify(text, opts) {
      const first = embedded.classifySync(text)
      const base = first.classification
      if (!llm || opts?.localOnly || first.problem || base.confidence >= threshold || opts?.signal?.aborted) return base
      const outcome = await llm.classify(text, opts?.signal)
      if (!outcome.ok) return { ...base, reason: tidy(`${failureText[outcome.failure]}，用内置模型；${base.reason}`).slice(0, 200) }
      const { answer } = outcome
      const urgent = answer.urgent || base.urgent
      const keptUrgent = base.urgent && !answer.urgent ? '；内置模型判定紧急' : ''
      const result: Classification = {
        category: answer.category,
        urgent,
        confidence: Number(answer.confidence.toFixed(4)),
        source: `llm:${llm.model}`,
        reason: `${tidy(answer.reason)}${keptUrgent}`,
      }
      return result
    },
  }
}
