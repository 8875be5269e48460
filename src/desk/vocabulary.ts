import { z } from 'zod'
import type { Category } from '../classify/types.ts'

export const TicketStatus = z.enum(['open', 'waiting_worker', 'answered', 'closed'])
export type TicketStatus = z.infer<typeof TicketStatus>

export const CadreRole = z.enum(['cadre', 'leader'])
export type CadreRole = z.infer<typeof CadreRole>

/** 三级包保: the hardest cases are owned one-on-one by a leader. */
export const Tier = z.enum(['general', 'leader'])
export type Tier = z.infer<typeof Tier>

export const OrgLevel = z.enum(['province', 'city', 'county', 'town', 'enterprise', 'workshop', 'group'])
export type OrgLevel = z.infer<typeof OrgLevel>

/** How the desk names things to workers. */
export const categoryLabels: Record<Category, string> = {
  wage_arrears: '欠薪',
  legal_aid: '法律维权',
  job_seeking: '求职就业',
  hardship: '困难帮扶',
  other: '咨询建议',
}

export const statusLabels: Record<TicketStatus, string> = {
  open: '已受理，等待工会干部答复',
  waiting_worker: '工会干部在等您补充情况',
  answered: '工会干部已答复',
  closed: '已办结',
}

/** Work that still needs someone: everything not closed counts toward a cadre's load. */
export const openStatuses: TicketStatus[] = ['open', 'waiting_worker', 'answered']

/** How hard a case is (三级包保): severe or special hardship is a leader's case. */
export const Severity = z.enum(['general', 'severe'])
export type Severity = z.infer<typeof Severity>

/** The worker's answer to "how did we do" (满意 / 基本满意 / 不满意). */
export const Satisfaction = z.enum(['satisfied', 'basically_satisfied', 'unsatisfied'])
export type Satisfaction = z.infer<typeof Satisfaction>
export const satisfactionLabels: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' }

/** Hardship archive levels (困难职工档案): special and severe are owned by a leader one-on-one. */
export const HardshipLevel = z.enum(['general', 'severe', 'special'])
export type HardshipLevel = z.infer<typeof HardshipLevel>
export const HardshipCause = z.enum(['illness', 'education', 'single_parent', 'disability', 'unemployment', 'disaster', 'other'])
export type HardshipCause = z.infer<typeof HardshipCause>

/** Calls and visits owed to workers: 按季回访, the satisfaction callback, the half-year home visit. */
export const CallbackKind = z.enum(['quarterly', 'satisfaction', 'home_visit'])
export type CallbackKind = z.infer<typeof CallbackKind>
export const CallbackStatus = z.enum(['pending', 'done', 'cancelled'])
export type CallbackStatus = z.infer<typeof CallbackStatus>
/** reached: spoke with them. not_reached: try again later. needs_help: a new ticket is opened for them. */
export const CallbackOutcome = z.enum(['reached', 'not_reached', 'needs_help'])
export type CallbackOutcome = z.infer<typeof CallbackOutcome>
