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
