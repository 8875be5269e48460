import { z } from 'zod'
import { categories, type Category } from '../types.ts'
import { extractFeatures } from './features.ts'
import { cueWords, emergencyPhrase } from './lexicon.ts'

/**
 * The versioned artefact written by `npm run train`. One weight row per feature:
 * five category weights, then the urgency weight. Category and urgency are separate
 * decisions: softmax over categories, a logistic unit for urgency with its own
 * threshold (chosen on cross-validation for recall).
 */
export const LinearModelFile = z.object({
  name: z.string(),
  trainedAt: z.string(),
  labels: z.array(z.enum(categories)).length(categories.length),
  options: z.object({ ngrams: z.number().int().min(1).max(4), jieba: z.boolean(), cues: z.boolean(), cueValue: z.number() }),
  bias: z.array(z.number()).length(categories.length),
  urgentBias: z.number(),
  urgentThreshold: z.number().min(0).max(1),
  /** Softmax temperature fitted on cross-validation, so confidence means what it says. */
  temperature: z.number().positive().default(1),
  features: z.record(z.string(), z.array(z.number())),
})
export type LinearModelFile = z.infer<typeof LinearModelFile>

export type Prediction = {
  category: Category
  probabilities: number[]
  confidence: number
  urgentScore: number
  urgent: boolean
  /** Present features that pushed hardest toward the category, and toward urgency. */
  categoryEvidence: string[]
  urgentEvidence: string[]
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

export function softmax(scores: number[]): number[] {
  const max = Math.max(...scores)
  const exps = scores.map((s) => Math.exp(s - max))
  const sum = exps.reduce((a, b) => a + b, 0)
  return exps.map((e) => e / sum)
}

/** Readable evidence: n-grams of two or more characters and words, strongest first, no fragment of another. */
function evidence(names: string[], strength: number[], k: number): string[] {
  const order = names.map((_, i) => i).filter((i) => strength[i]! > 0).sort((a, b) => strength[b]! - strength[a]!)
  const picked: string[] = []
  for (const i of order) {
    if (picked.length >= k) break
    const f = names[i]!
    if (f.startsWith('len:') || f.startsWith('cue:') || f.startsWith('u:')) continue
    // Words from the segmenter, Latin words, or n-grams that are cue words: never fragments.
    const word = f.replace(/^[ew]:/, '')
    if (word === f && !cueWords.has(word)) continue
    if ([...word].length < 2) continue
    if (picked.some((p) => p.includes(word) || word.includes(p))) continue
    picked.push(word)
  }
  return picked
}

const signalNames: Record<string, string> = { now: '正在发生', body: '伤病', danger: '危险', self: '自伤念头', crowd: '聚集' }

/** The urgency cue groups that pushed hardest, in words a cadre reads: "正在发生", "伤病". */
function urgentSignals(names: string[], strength: number[]): string[] {
  return names.map((f, i) => [f, strength[i]!] as const)
    .filter(([f, v]) => v > 0 && /^u:[a-z]+$/.test(f) && signalNames[f.slice(2)])
    .sort((a, b) => b[1] - a[1]).slice(0, 2).map(([f]) => signalNames[f.slice(2)]!)
}

export class LinearModel {
  private readonly classes: number
  constructor(readonly file: LinearModelFile) {
    this.classes = file.labels.length
  }

  predict(normalised: string): Prediction {
    const { file, classes } = this
    const scores = [...file.bias]
    let urgentLogit = file.urgentBias
    const names: string[] = []
    const rows: number[][] = []
    const values: number[] = []
    for (const [f, v] of extractFeatures(normalised, file.options)) {
      const w = file.features[f]
      if (!w) continue
      names.push(f); rows.push(w); values.push(v)
      for (let c = 0; c < classes; c++) scores[c]! += w[c]! * v
      urgentLogit += w[classes]! * v
    }
    const probabilities = softmax(scores.map((s) => s / file.temperature))
    let best = 0
    for (let c = 1; c < classes; c++) if (probabilities[c]! > probabilities[best]!) best = c
    // How much each feature favoured the chosen category over its strongest rival.
    const margin = rows.map((w, i) => {
      let rival = -Infinity
      for (let c = 0; c < classes; c++) if (c !== best && w[c]! > rival) rival = w[c]!
      return (w[best]! - rival) * values[i]!
    })
    const urgentScore = sigmoid(urgentLogit)
    const phrase = emergencyPhrase(normalised)
    const urgentStrength = rows.map((w, i) => w[classes]! * values[i]!)
    const urgentEvidence = [...urgentSignals(names, urgentStrength), ...evidence(names, urgentStrength, 2)]
    if (phrase && !urgentEvidence.includes(phrase)) urgentEvidence.unshift(phrase)
    return {
      category: file.labels[best]!,
      probabilities,
      confidence: probabilities[best]!,
      urgentScore,
      urgent: urgentScore >= file.urgentThreshold || phrase !== null,
      categoryEvidence: evidence(names, margin, 3),
      urgentEvidence: urgentEvidence.slice(0, 4),
    }
  }
}
