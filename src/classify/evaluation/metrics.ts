import { categories, type Category } from '../types.ts'

export type Outcome = { label: Category; pred: Category; urgent: boolean; predUrgent: boolean }

export type Metrics = {
  n: number
  perLabel: Record<Category, { precision: number; recall: number; f1: number; support: number }>
  macroF1: number
  accuracy: number
  /** confusion[gold][predicted] */
  confusion: Record<Category, Record<Category, number>>
  urgent: { recall: number; precision: number; support: number; flagged: number }
}

const ratio = (a: number, b: number) => (b ? a / b : 0)

export function computeMetrics(outcomes: Outcome[]): Metrics {
  const zeroRow = () => Object.fromEntries(categories.map((c) => [c, 0])) as Record<Category, number>
  const confusion = Object.fromEntries(categories.map((c) => [c, zeroRow()])) as Metrics['confusion']
  for (const o of outcomes) confusion[o.label][o.pred]++
  const perLabel = Object.fromEntries(categories.map((c) => {
    const tp = confusion[c][c]
    const predicted = categories.reduce((s, g) => s + confusion[g][c], 0)
    const support = categories.reduce((s, p) => s + confusion[c][p], 0)
    const precision = ratio(tp, predicted)
    const recall = ratio(tp, support)
    return [c, { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support }]
  })) as Metrics['perLabel']
  const tpU = outcomes.filter((o) => o.urgent && o.predUrgent).length
  const flagged = outcomes.filter((o) => o.predUrgent).length
  const support = outcomes.filter((o) => o.urgent).length
  return {
    n: outcomes.length,
    perLabel,
    macroF1: categories.reduce((s, c) => s + perLabel[c].f1, 0) / categories.length,
    accuracy: ratio(outcomes.filter((o) => o.label === o.pred).length, outcomes.length),
    confusion,
    urgent: { recall: ratio(tpU, support), precision: ratio(tpU, flagged), support, flagged },
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const f = (x: number) => x.toFixed(3)

/** Markdown tables: the same text goes to stdout and into docs/classification.md. */
export function metricsMarkdown(title: string, m: Metrics, extra: string[] = []): string {
  const lines = [`### ${title}`, '', `${m.n} messages. **Macro-F1 ${f(m.macroF1)}**, accuracy ${f(m.accuracy)}. **Urgent recall ${f(m.urgent.recall)}**, precision ${f(m.urgent.precision)} (${m.urgent.support} urgent, ${m.urgent.flagged} flagged).`, ...extra, '',
    '| label | precision | recall | F1 | support |', '|---|---|---|---|---|',
    ...categories.map((c) => `| ${c} | ${f(m.perLabel[c].precision)} | ${f(m.perLabel[c].recall)} | ${f(m.perLabel[c].f1)} | ${m.perLabel[c].support} |`),
    '', 'Confusion matrix (rows: gold label, columns: predicted):', '',
    `| gold \\ predicted | ${categories.join(' | ')} |`, `|---|${categories.map(() => '---').join('|')}|`,
    ...categories.map((g) => `| ${g} | ${categories.map((p) => m.confusion[g][p]).join(' | ')} |`), '']
  return lines.join('\n')
}
