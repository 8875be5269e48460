import { categories, type Category } from '../types.ts'
import { extractFeatures, type FeatureOptions } from '../embedded/features.ts'
import type { LinearModelFile } from '../embedded/linear-model.ts'
import { normalize } from '../embedded/normalize.ts'
import { emergencyPhrase } from '../embedded/lexicon.ts'
import { defaultSoftmaxOptions, scoreDoc, trainSoftmax, type SparseDoc, type SoftmaxOptions } from './softmax-regression.ts'

export type Example = { text: string; label: Category; urgent: boolean; group: string; weight?: number }
export type TrainOptions = {
  features: FeatureOptions
  softmax: SoftmaxOptions
  /** Urgent messages weigh this much more: missing one is far worse than a false alarm. */
  urgentWeight: number
  /** Out-of-fold urgent recall the threshold must reach. */
  urgentRecallTarget: number
  folds: number
  /** Class weight = (mean count / class count) ^ this: 0 none, 0.5 inverse square root, 1 inverse frequency. */
  classWeightPower: number
  /** Features seen in fewer training messages are dropped (they cannot generalise). */
  minDocFreq: number
  /** Weights smaller than this in every column are pruned from the artefact. */
  pruneBelow: number
}

export const defaultTrainOptions: TrainOptions = {
  features: { ngrams: 2, jieba: true, cues: true, cueValue: 0.5 },
  softmax: { ...defaultSoftmaxOptions, learningRate: 0.1, epochs: 20 },
  urgentWeight: 4,
  urgentRecallTarget: 1,
  folds: 5,
  classWeightPower: 0.5,
  minDocFreq: 2,
  pruneBelow: 0.01,
}

type Prepared = { feats: [string, number][]; ex: Example }

function prepare(examples: Example[], opts: TrainOptions): Prepared[] {
  return examples.map((ex) => ({ ex, feats: [...extractFeatures(normalize(ex.text), opts.features)] }))
}

function vocabulary(prepared: Prepared[], minDf: number): Map<string, number> {
  const df = new Map<string, number>()
  for (const p of prepared) for (const [f] of p.feats) df.set(f, (df.get(f) ?? 0) + 1)
  const vocab = new Map<string, number>()
  for (const [f, n] of [...df].sort(([a], [b]) => (a < b ? -1 : 1))) if (n >= minDf) vocab.set(f, vocab.size)
  return vocab
}

/** Inverse-frequency class weights, so macro-F1 is not traded for the biggest label. */
function classWeights(prepared: Prepared[], power: number): Record<Category, number> {
  const counts = Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>
  for (const p of prepared) counts[p.ex.label]++
  const mean = prepared.length / categories.length
  return Object.fromEntries(categories.map((c) => [c, counts[c] ? (mean / counts[c]) ** power : 1])) as Record<Category, number>
}

function sparse(vocab: Map<string, number>, p: Prepared) {
  const features: number[] = []
  const values: number[] = []
  for (const [f, v] of p.feats) { const i = vocab.get(f); if (i !== undefined) { features.push(i); values.push(v) } }
  return { features, values }
}

type Fitted = { vocab: Map<string, number>; cat: ReturnType<typeof trainSoftmax>; urg: ReturnType<typeof trainSoftmax> }

function fit(prepared: Prepared[], opts: TrainOptions): Fitted {
  const vocab = vocabulary(prepared, opts.minDocFreq)
  const cw = classWeights(prepared, opts.classWeightPower)
  const catDocs: SparseDoc[] = prepared.map((p) => ({ ...sparse(vocab, p), y: categories.indexOf(p.ex.label), weight: cw[p.ex.label] * (p.ex.weight ?? 1) }))
  const urgDocs: SparseDoc[] = prepared.map((p) => ({ ...sparse(vocab, p), y: p.ex.urgent ? 1 : 0, weight: (p.ex.urgent ? opts.urgentWeight : 1) * (p.ex.weight ?? 1) }))
  return { vocab, cat: trainSoftmax(catDocs, categories.length, vocab.size, opts.softmax), urg: trainSoftmax(urgDocs, 2, vocab.size, opts.softmax) }
}

function scoreWith(m: Fitted, p: Prepared) {
  const { features, values } = sparse(m.vocab, p)
  const s = scoreDoc(m.cat, features, values)
  const u = scoreDoc(m.urg, features, values)
  return { logits: s, category: categories[s.indexOf(Math.max(...s))]!, urgentScore: 1 / (1 + Math.exp(-(u[1]! - u[0]!))) }
}

/**
 * The softmax temperature that makes out-of-fold probabilities honest (least log-loss).
 * A model trained on templated text is over-confident on new phrasings; calibrated
 * confidence is what lets the cascade send the doubtful messages to the LLM.
 */
function fitTemperature(oof: { logits: number[]; y: number }[]): number {
  let best = { t: 1, loss: Infinity }
  for (let t = 0.5; t <= 8; t += 0.1) {
    let loss = 0
    for (const o of oof) {
      const z = o.logits.map((l) => l / t)
      const max = Math.max(...z)
      loss -= z[o.y]! - max - Math.log(z.reduce((a, v) => a + Math.exp(v - max), 0))
    }
    if (loss < best.loss) best = { t, loss }
  }
  return Math.round(best.t * 10) / 10
}

export type OutOfFold = { text: string; group: string; label: Category; pred: Category; urgent: boolean; score: number; rule: boolean; logits: number[]; y: number }
export type CrossValidation = {
  macroF1: number
  /** F1 per category, in the order of `categories`. */
  perLabelF1: number[]
  temperature: number
  urgentThreshold: number
  urgentRecall: number
  urgentPrecision: number
  errors: { text: string; label: Category; pred: Category; urgent: boolean; score: number }[]
  /** Every training message's out-of-fold prediction (for error analysis on the training split). */
  oof: OutOfFold[]
}

/** Group k-fold on the training split only: picks the urgency threshold and reports an honest estimate. */
export function crossValidate(examples: Example[], opts: TrainOptions = defaultTrainOptions): CrossValidation {
  const prepared = prepare(examples, opts)
  const groups = [...new Set(examples.map((e) => e.group))].sort()
  const foldOf = new Map(groups.map((g, i) => [g, i % opts.folds]))
  const oof: OutOfFold[] = []
  for (let k = 0; k < opts.folds; k++) {
    const train = prepared.filter((p) => foldOf.get(p.ex.group) !== k)
    const test = prepared.filter((p) => foldOf.get(p.ex.group) === k)
    const m = fit(train, opts)
    for (const p of test) { const s = scoreWith(m, p); oof.push({ text: p.ex.text, group: p.ex.group, label: p.ex.label, pred: s.category, urgent: p.ex.urgent, score: s.urgentScore, rule: emergencyPhrase(normalize(p.ex.text)) !== null, logits: s.logits, y: categories.indexOf(p.ex.label) }) }
  }
  const f1s = categories.map((c) => {
    const tp = oof.filter((o) => o.pred === c && o.label === c).length
    const fp = oof.filter((o) => o.pred === c && o.label !== c).length
    const fn = oof.filter((o) => o.pred !== c && o.label === c).length
    return tp ? (2 * tp) / (2 * tp + fp + fn) : 0
  })
  // The highest threshold that still reaches the recall target on messages the model never saw.
  // Messages the emergency phrases already catch need no help from the threshold.
  const allPositives = oof.filter((o) => o.urgent).length
  const positives = oof.filter((o) => o.urgent && !o.rule).map((o) => o.score).sort((a, b) => b - a)
  const need = Math.ceil(opts.urgentRecallTarget * allPositives) - (allPositives - positives.length)
  const threshold = need <= 0 ? 0.5 : Math.min(0.5, positives[Math.min(positives.length, need) - 1]! * 0.98)
  const flagged = oof.filter((o) => o.score >= threshold || o.rule)
  return {
    macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length,
    perLabelF1: f1s,
    temperature: fitTemperature(oof),
    urgentThreshold: threshold,
    urgentRecall: allPositives ? flagged.filter((o) => o.urgent).length / allPositives : 1,
    urgentPrecision: flagged.length ? flagged.filter((o) => o.urgent).length / flagged.length : 1,
    errors: oof.filter((o) => o.pred !== o.label || o.urgent !== (o.score >= threshold || o.rule)),
    oof,
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000

/** Trains on every example and writes the artefact's shape; threshold and temperature come from cross-validation. */
export function trainLinearModel(examples: Example[], name: string, cv: Pick<CrossValidation, 'urgentThreshold' | 'temperature'>, opts: TrainOptions = defaultTrainOptions): LinearModelFile {
  const m = fit(prepare(examples, opts), opts)
  const K = categories.length
  const features: Record<string, number[]> = {}
  for (const [f, i] of m.vocab) {
    const row = [...Array.from(m.cat.W.subarray(i * K, i * K + K)), m.urg.W[i * 2 + 1]! - m.urg.W[i * 2]!]
    if (row.every((w) => Math.abs(w) < opts.pruneBelow)) continue
    features[f] = row.map(round)
  }
  return {
    name,
    trainedAt: new Date().toISOString(),
    labels: [...categories],
    options: opts.features,
    bias: Array.from(m.cat.bias).map(round),
    urgentBias: round(m.urg.bias[1]! - m.urg.bias[0]!),
    urgentThreshold: round(cv.urgentThreshold),
    temperature: cv.temperature,
    features,
  }
}
