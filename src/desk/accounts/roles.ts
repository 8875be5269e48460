import { z } from 'zod'

/**
 * Who may do what in the console. Everyone sees only their unit and the units below it;
 * within that, a viewer reads (masked: only those who act on a case reveal a worker's
 * details), a cadre works tickets, a leader also hands tickets on and reads the figures, a
 * unit admin also keeps the accounts and reads the audit log. An employer (a firm's person
 * on the job board) has none of these: it sees its own firm's postings and nothing else
 * (src/web/console/session.ts keeps it to the job pages).
 */
export const AccountRole = z.enum(['viewer', 'cadre', 'leader', 'unit_admin', 'employer'])
export type AccountRole = z.infer<typeof AccountRole>

export const roleLabels: Record<AccountRole, string> = { viewer: '只读查看', cadre: '工会干部', leader: '分管领导', unit_admin: '单位管理员', employer: '企业招聘' }

const abilities = {
  work: ['cadre', 'leader', 'unit_admin'],
  /** Seeing a worker's full name, phone and sensitive facts (each time in the audit log): for those who act on them, not a read-only viewer. */
  reveal: ['cadre', 'leader', 'unit_admin'],
  reassign: ['leader', 'unit_admin'],
  figures: ['leader', 'unit_admin', 'viewer'],
  administer: ['unit_admin'],
} as const satisfies Record<string, readonly AccountRole[]>

export type Ability = keyof typeof abilities

export const may = (role: string, ability: Ability): boolean => (abilities[ability] as readonly string[]).includes(role)
