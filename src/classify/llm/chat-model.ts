import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { ChatOllama } from '@langchain/ollama'
import { ChatOpenAI } from '@langchain/openai'
import type { ClassifierConfig } from '../config.ts'

/**
 * The chat model named by configuration. Any OpenAI-compatible endpoint (DeepSeek, Qwen,
 * GLM, Moonshot, vLLM…) goes through ChatOpenAI with a base URL; Ollama has its own client.
 * No retries: the time budget is short and the embedded model is the fallback.
 */
export function createChatModel(config: ClassifierConfig): { model: BaseChatModel; method: 'functionCalling' | 'jsonSchema' } | null {
  if (config.LLM_PROVIDER === 'openai') {
    const model = new ChatOpenAI({
      model: config.LLM_MODEL!,
      apiKey: config.LLM_API_KEY ?? 'not-needed',
      configuration: config.LLM_BASE_URL ? { baseURL: config.LLM_BASE_URL } : {},
      temperature: 0,
      maxRetries: 0,
      timeout: config.LLM_TIMEOUT_MS,
    })
    // Tool calling is what most OpenAI-compatible servers support; json_schema is rarer.
    return { model, method: 'functionCalling' }
  }
  if (config.LLM_PROVIDER === 'ollama') {
    // ChatOllama has no timeout and never hands the call's AbortSignal to its HTTP request; it only
    // checks the signal when a chunk arrives, and then aborts every stream on the shared client. So
    // each request carries the budget itself: an abandoned one is cut (Ollama stops generating) and
    // cannot come back late to abort the other messages being classified.
    // A timer of our own, not AbortSignal.timeout: AbortSignal.any holds its sources weakly, so a
    // timeout signal nothing else refers to can be collected before it fires, and the request is
    // then never cut (the Ollama test saw it now and then under a full suite).
    const budgeted: typeof fetch = (input, init) => {
      const budget = new AbortController()
      setTimeout(() => budget.abort(new DOMException('The LLM call ran past its budget.', 'TimeoutError')), config.LLM_TIMEOUT_MS).unref()
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, budget.signal]) : budget.signal })
    }
    const model = new ChatOllama({ model: config.LLM_MODEL!, baseUrl: config.LLM_BASE_URL ?? 'http://127.0.0.1:11434', temperature: 0, maxRetries: 0, fetch: budgeted })
    return { model, method: 'jsonSchema' }
  }
  return null
}
