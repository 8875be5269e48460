import type { Category } from '../../../classify/types.ts'
import { hardshipCauseLabels, legalIssueLabels, type FactKey, type Facts, type HardshipCause, type LegalIssue } from './schema.ts'
import { factSpecs } from './specs.ts'

export type DescribedFact = { key: FactKey; label: string; value: string; sensitive: boolean }

const amount = (n: number) => `约 ${Number.isInteger(n) ? n : n.toFixed(2)} 元`

/** How a cadre reads one value: '约 8000 元', '3 个月', '已签合同'. */
function display(key: FactKey, v: NonNullable<Facts[FactKey]>): string {
  if (v === 'unknown') return '不清楚'
  switch (key) {
    case 'amountOwed': return amount(v as number)
    case 'monthsOwed': return v === 0.5 ? '半个月' : `${v} 个月`
    case 'workersAffected': return `${v} 人`
    case 'contract': return v ? '已签合同' : '没签合同'
    case 'issue': return legalIssueLabels[v as LegalIssue]
    case 'expectedPay': return typeof v === 'number' ? `${v} 元/月` : String(v)
    case 'householdSize': return `${v} 口人`
    case 'householdIncome': return v === 0 ? '没有收入' : `${amount(v as number)}/月`
    case 'hardshipCause': return hardshipCauseLabels[v as HardshipCause]
    default: return String(v)
  }
}

/**
 * The facts known, in asking order, labelled for the console. Sensitive ones say so: the
 * console masks them unless the worker consented (and a cadre reveals them on the record).
 * Keys that are not the category's are left out.
 */
export function describeFacts(category: Category, facts: Partial<Facts>): DescribedFact[] {
  return factSpecs[category].flatMap((s) => {
    const v = facts[s.key]
    return v === undefined ? [] : [{ key: s.key, label: s.label, value: display(s.key, v), sensitive: s.sensitive }]
  })
}
