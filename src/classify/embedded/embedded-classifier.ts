import { readFileSync } from 'node:fs'
import type { Classification, Classifier } from '../types.ts'
import { LinearModel, LinearModelFile, type Prediction } from './linear-model.ts'
import { maxChars } from './features.ts'
import { inputProblem, normalize, type InputProblem } from './normalize.ts'

export const modelPath = new URL('../model/linear.json', import.meta.url)

const problemReasons: Record<InputProblem, string> = {
  empty: '空消息，无法判断',
  no_words: '只有表情或符号，无法判断',
  garbage: '内容无法识别（疑似乱码）',
}

/** What the embedded model saw, for the cascade and for evaluation. */
export type EmbeddedResult = { classification: Classification; prediction: Prediction | null; problem: InputProblem | null }

export type EmbeddedClassifier = Classifier & {
  /** Synchronous core, used by the cascade and to measure latency without the promise. */
  classifySync(text: string): EmbeddedResult
  readonly modelName: string
}

export function loadLinearModel(path: URL | string = modelPath): LinearModel {
  return new LinearModel(LinearModelFile.parse(JSON.parse(readFileSync(path, 'utf8'))))
}

const fixed = (n: number) => n.toFixed(2)

export function reasonFor(p: Prediction): string {
  const parts = [p.categoryEvidence.length ? `关键词：${p.categoryEvidence.join('、')}` : '无明显关键词', `模型置信 ${fixed(p.confidence)}`]
  if (p.urgent) parts.push(`紧急信号${p.urgentEvidence.length ? `：${p.urgentEvidence.join('、')}` : ''}（${fixed(p.urgentScore)}）`)
  return parts.join('；').slice(0, 200)
}

/** The embedded classifier: no network, sub-millisecond, loads the versioned artefact synchronously. */
export function createEmbeddedClassifier(model: LinearModel = loadLinearModel()): EmbeddedClassifier {
  const source = model.file.name
  const classifySync = (text: string): EmbeddedResult => {
    try {
      // Only the head of a very long message is read, so latency stays flat whatever arrives.
      const whole = typeof text === 'string' ? text : String(text ?? '')
      const raw = whole.length > 2 * maxChars ? whole.slice(0, 2 * maxChars) : whole
      const problem = inputProblem(raw)
      if (problem) {
        return { problem, prediction: null, classification: { category: 'other', urgent: false, confidence: 0.05, source, reason: problemReasons[problem] } }
      }
      const prediction = model.predict(normalize(raw))
      const classification: Classification = {
        category: prediction.category,
        urgent: prediction.urgent,
        // Never exactly 1: a statistical model is never certain, and 1 would bypass any threshold.
        confidence: Math.min(0.9999, Number(prediction.confidence.toFixed(4))),
        source,
        reason: reasonFor(prediction),
      }
      return { problem: null, prediction, classification }
    } catch {
      // Never throw from classify: an unexpected input shape is treated like garbage.
      return { problem: 'garbage', prediction: null, classification: { category: 'other', urgent: false, confidence: 0.05, source, reason: problemReasons.garbage } }
    }
  }
  // Load jieba's dictionary and opencc's tables now, not on the first worker's message.
  classifySync('预热 warm-up')
  return {
    modelName: source,
    classifySync,
    classify: async (text) => classifySync(text).classification,
  }
}
