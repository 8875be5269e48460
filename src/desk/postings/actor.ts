import type { Account, OrgUnit, Prisma } from '../../generated/prisma/client.ts'
import type { AccountRole } from '../accounts/index.ts'

/** Who is acting on postings: a union account (its unit's subtree) or a firm's account (its own postings only). */
export type PostingActor = { accountId: string; login: string; role: string; unitId: string; unitPath: string; employerId: string | null }

export const postingActor = (account: Account & { unit: OrgUnit }): PostingActor => ({
  accountId: account.id, login: account.login, role: account.role, unitId: account.unitId, unitPath: account.unit.path, employerId: account.employerId,
})

export const isEmployer = (actor: PostingActor) => actor.role === 'employer'

/**
 * Union people who work cases (the accounts' `work` ability) also publish jobs; a viewer only
 * reads. Listed here, not asked of accounts/index.ts, which reaches node:crypto (passwords)
 * while postings run in buildApp.
 */
const PUBLISHERS: readonly AccountRole[] = ['cadre', 'leader', 'unit_admin']
export const mayPublish = (actor: PostingActor) => (PUBLISHERS as readonly string[]).includes(actor.role)

/**
 * The postings a person may see: a firm's people their firm's and nothing else, whatever
 * unit the account hangs under; union people those of their unit and the units below.
 */
export function postingsVisibleTo(actor: PostingActor): Prisma.JobPostingWhereInput {
  if (isEmployer(actor)) return { employerId: actor.employerId ?? '—none—' }
  return { unit: { path: { startsWith: actor.unitPath } } }
}
