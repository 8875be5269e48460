// Multinomial logistic regression on sparse binary features, trained with AdaGrad and
// L2. Small and dependency-free: the corpus is a few thousand messages, so a few dozen
// epochs take well under a second per fold.

export type SparseDoc = { features: number[]; values: number[]; y: number; weight: number }
export type SoftmaxWeights = { W: Float64Array; bias: Float64Array; classes: number; dims: number }
export type SoftmaxOptions = {
  epochs: number
  learningRate: number
  l2: number
  seed: number
}

export const defaultSoftmaxOptions: SoftmaxOptions = { epochs: 40, learningRate: 0.5, l2: 1e-4, seed: 7 }

function rng(seed: number) {
  let a = seed >>> 0
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296 }
}

export function scoreDoc(m: SoftmaxWeights, features: number[], values: number[]): number[] {
  const s = Array.from(m.bias)
  features.forEach((f, i) => { for (let k = 0; k < m.classes; k++) s[k]! += m.W[f * m.classes + k]! * values[i]! })
  return s
}

export function trainSoftmax(docs: SparseDoc[], classes: number, dims: number, opts: SoftmaxOptions = defaultSoftmaxOptions): SoftmaxWeights {
  const W = new Float64Array(dims * classes)
  const bias = new Float64Array(classes)
  const gW = new Float64Array(dims * classes).fill(1e-8)
  const gB = new Float64Array(classes).fill(1e-8)
  const model = { W, bias, classes, dims }
  const order = docs.map((_, i) => i)
  const rand = rng(opts.seed)
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!] }
    for (const idx of order) {
      const d = docs[idx]!
      const s = scoreDoc(model, d.features, d.values)
      const max = Math.max(...s)
      const e = s.map((v) => Math.exp(v - max))
      const z = e.reduce((a, b) => a + b, 0)
      for (let k = 0; k < classes; k++) {
        const grad = d.weight * (e[k]! / z - (k === d.y ? 1 : 0))
        gB[k]! += grad * grad
        bias[k]! -= (opts.learningRate * grad) / Math.sqrt(gB[k]!)
        for (let i = 0; i < d.features.length; i++) {
          const at = d.features[i]! * classes + k
          const gw = grad * d.values[i]! + opts.l2 * W[at]!
          gW[at]! += gw * gw
          W[at]! -= (opts.learningRate * gw) / Math.sqrt(gW[at]!)
        }
      }
    }
  }
  return model
}
