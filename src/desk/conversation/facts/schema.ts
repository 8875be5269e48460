import { z } from 'zod'

/**
 * The facts the desk gathers for a case, one question at a time. Every value may also be
 * 'unknown': the worker said 不知道 / 不清楚 / 跳过 / 不想说, and is not asked again.
 */
export const factKeys = [
  // wage_arrears
  'employer', 'workplace', 'amountOwed', 'monthsOwed', 'workersAffected', 'contract',
  // legal_aid (employer is shared)
  'issue', 'since',
  // job_seeking
  'trade', 'place', 'expectedPay', 'skills',
  // hardship
  'householdSize', 'householdIncome', 'hardshipCause',
] as const
export const FactKey = z.enum(factKeys)
export type FactKey = z.infer<typeof FactKey>

/** What a legal-aid matter is about. */
export const LegalIssue = z.enum(['dismissal', 'contract', 'social_insurance', 'work_injury', 'overtime', 'other'])
export type LegalIssue = z.infer<typeof LegalIssue>
export const legalIssueLabels: Record<LegalIssue, string> = {
  dismissal: '被辞退、开除',
  contract: '劳动合同',
  social_insurance: '社保',
  work_injury: '工伤',
  overtime: '加班、工时',
  other: '其他',
}

/**
 * Why a household is in hardship. Close to the archive's HardshipCause (src/desk/vocabulary.ts)
 * but not the same list: school_fees is the archive's education, and single_parent is a
 * cadre's judgement after a visit, not something the desk asks a worker.
 */
export const HardshipCause = z.enum(['illness', 'disability', 'school_fees', 'disaster', 'unemployment', 'other'])
export type HardshipCause = z.infer<typeof HardshipCause>
export const hardshipCauseLabels: Record<HardshipCause, string> = {
  illness: '生病',
  disability: '残疾',
  school_fees: '子女上学',
  disaster: '受灾',
  unemployment: '失业',
  other: '其他',
}

const Unknown = z.literal('unknown')
const orUnknown = <T extends z.ZodType>(t: T) => z.union([t, Unknown])
const text = (max: number) => z.string().trim().min(1).max(max)
const yuan = z.number().finite().nonnegative().max(100_000_000)
const count = z.number().int().positive().max(100_000)

/** The value each fact holds. */
export const factValues = {
  /** The unit as the worker names it: a registered name or what everyone calls it. */
  employer: text(60),
  /** City, district, town or street, as specific as the worker said. */
  workplace: text(40),
  /** Yuan, the whole sum owed. */
  amountOwed: yuan,
  /** Months of wages owed; 0.5 is half a month. */
  monthsOwed: z.number().positive().max(600),
  workersAffected: count,
  /** Whether a labour contract was signed. */
  contract: z.boolean(),
  issue: LegalIssue,
  /** When it started, in the worker's words: '2025年3月', '上个月', '三个月了'. */
  since: text(40),
  trade: text(40),
  place: text(40),
  /** Yuan a month, or text for a range or another period: '月薪5000-6000元', '日薪300元'. */
  expectedPay: z.union([yuan, text(40)]),
  /** Certificates and skills, in the worker's words. */
  skills: text(100),
  householdSize: z.number().int().positive().max(50),
  /** Yuan a month for the whole household; 0 is "no income". */
  householdIncome: yuan,
  hardshipCause: HardshipCause,
} satisfies Record<FactKey, z.ZodType>

export const Facts = z.object({
  employer: orUnknown(factValues.employer).optional(),
  workplace: orUnknown(factValues.workplace).optional(),
  amountOwed: orUnknown(factValues.amountOwed).optional(),
  monthsOwed: orUnknown(factValues.monthsOwed).optional(),
  workersAffected: orUnknown(factValues.workersAffected).optional(),
  contract: orUnknown(factValues.contract).optional(),
  issue: orUnknown(factValues.issue).optional(),
  since: orUnknown(factValues.since).optional(),
  trade: orUnknown(factValues.trade).optional(),
  place: orUnknown(factValues.place).optional(),
  expectedPay: orUnknown(factValues.expectedPay).optional(),
  skills: orUnknown(factValues.skills).optional(),
  householdSize: orUnknown(factValues.householdSize).optional(),
  householdIncome: orUnknown(factValues.householdIncome).optional(),
  hardshipCause: orUnknown(factValues.hardshipCause).optional(),
})
export type Facts = z.infer<typeof Facts>

/** One fact as the desk asks for it and a cadre reads it. */
export type FactSpec = {
  key: FactKey
  /** The console's label, e.g. '欠薪金额'. */
  label: string
  /** What the desk writes to the worker: one short question with an example answer. */
  question: string
  /** Health or finances (PIPL art. 28/29): asked only after separate consent, masked in the console. */
  sensitive: boolean
}

// A key added to factKeys but not to Facts fails here, at compile time.
const _everyKeyInFacts: Record<FactKey, z.ZodType> = Facts.shape
void _everyKeyInFacts
