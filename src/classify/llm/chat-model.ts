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
    const model = new ChatOllama({ model: config.LLM_MODEL!, baseUrl: config.LLM_BASE_URL ?? 'http://127.0.0.1:11434', temperature: 0, maxRetries: 0 })
    return { model, method: 'jsonSchema' }
  }
  return null
}
