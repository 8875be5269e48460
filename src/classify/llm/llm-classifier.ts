import type { AIMessage } from '@langchain/core/messages'
import type { Logger } from 'pino'
import type { ClassifierConfig } from '../config.ts'
import { createChatModel } from './chat-model.ts'
import { buildMessages, loadSystemPrompt } from './prompt.ts'
import { LlmAnswer } from './schema.ts'

export type LlmOutcome =
  | { ok: true; answer: LlmAnswer }
  | { ok: false; failure: 'timeout' | 'malformed' | 'error' | 'aborted' }

export type LlmClassifier = { model: string; classify(text: string, signal?: AbortSignal): Promise<LlmOutcome> }

const toolName = 'record_classification'

/**
 * One LLM call with structured output, a hard time budget and no retries. Never throws.
 * Logs latency, token counts and the outcome; never the worker's text.
 */
export function createLlmClassifier(config: ClassifierConfig, logger: Logger): LlmClassifier | null {
  const chat = createChatModel(config)
  if (!chat) return null
  const system = loadSystemPrompt()
  const structured = chat.model.withStructuredOutput(LlmAnswer, { name: toolName, method: chat.method, includeRaw: true })
  const model = config.LLM_MODEL!

  return {
    model,
    async classify(text, signal) {
      const budget = AbortSignal.timeout(config.LLM_TIMEOUT_MS)
      const combined = signal ? AbortSignal.any([signal, budget]) : budget
      const started = performance.now()
      const log = (outcome: string, raw?: AIMessage, extra: Record<string, unknown> = {}) =>
        logger.info({
          event: 'classify.llm', provider: config.LLM_PROVIDER, model, outcome,
          latencyMs: Math.round(performance.now() - started),
          inputTokens: raw?.usage_metadata?.input_tokens, outputTokens: raw?.usage_metadata?.output_tokens, ...extra,
        }, 'llm classification')
      try {
        // The budget also races the call: a client that ignores the signal still cannot hold us.
        const call = structured.invoke(buildMessages(system, text), { signal: combined })
        const aborted = new Promise<never>((_, reject) => {
          if (combined.aborted) reject(combined.reason)
          combined.addEventListener('abort', () => reject(combined.reason), { once: true })
        })
        const { raw, parsed } = await Promise.race([call, aborted]) as { raw: AIMessage; parsed: unknown }
        // Validate ourselves: some parsers pass JSON through without checking it.
        const answer = LlmAnswer.safeParse(parsed)
        if (!answer.success) { log('malformed', raw); return { ok: false, failure: 'malformed' } }
        log('ok', raw)
        return { ok: true, answer: answer.data }
      } catch (err) {
        const failure = budget.aborted ? 'timeout' : signal?.aborted ? 'aborted' : isParseError(err) ? 'malformed' : 'error'
        // Error name and HTTP status only: provider messages can echo the request.
        log(failure, undefined, { error: (err as Error)?.name, status: (err as { status?: number })?.status })
        return { ok: false, failure }
      }
    },
  }
}

const isParseError = (err: unknown) => /OutputParser|SyntaxError|ZodError/.test((err as Error)?.name ?? '') || /parse/i.test((err as Error)?.message ?? '')
