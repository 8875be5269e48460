/**
 * Understanding workers' messages: category, urgency, confidence, source and reason.
 *
 * @example
 * const config = ClassifierConfig.parse(process.env)
 * const classifier = createClassifier(config, logger)
 * const c = await classifier.classify('老板拖了仨月工钱', { signal })
 * // { category: 'wage_arrears', urgent: false, confidence: 0.93, source: 'linear@2', reason: '关键词：工钱、拖了；模型置信 0.93' }
 */
import type { Logger } from 'pino'
import { ClassifierConfig } from './config.ts'
import { createCascade } from './cascade.ts'
import { createEmbeddedClassifier as createEmbedded } from './embedded/embedded-classifier.ts'
import { createLlmClassifier } from './llm/llm-classifier.ts'
import type { Classifier } from './types.ts'

export { ClassifierConfig, checkClassifierConfig, classifierConfigShape } from './config.ts'
/** The configured LLM as a LangChain chat model (null without one): other readers of workers' words (facts) use it too. */
export { createChatModel } from './llm/chat-model.ts'
export type { Category, Classification, Classifier } from './types.ts'

/** The embedded model alone: synchronous load of the versioned artefact, no network. */
export function createEmbeddedClassifier(): Classifier {
  return createEmbedded()
}

/**
 * The cascade: the embedded model, and the configured LLM when the embedded model is
 * unsure. Validates the config (throws at start-up on a bad one); classify() never throws.
 */
export function createClassifier(config: ClassifierConfig, logger: Logger): Classifier {
  const checked = ClassifierConfig.parse(config)
  const embedded = createEmbedded()
  const llm = createLlmClassifier(checked, logger.child({ module: 'classify' }))
  logger.info({ event: 'classify.ready', model: embedded.modelName, llm: llm ? `${checked.LLM_PROVIDER}:${llm.model}` : 'none', threshold: checked.CLASSIFY_LLM_THRESHOLD, timeoutMs: checked.LLM_TIMEOUT_MS }, 'classifier ready')
  return createCascade(embedded, llm, checked.CLASSIFY_LLM_THRESHOLD)
}
