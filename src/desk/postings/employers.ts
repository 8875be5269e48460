import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Employer } from '../../generated/prisma/client.ts'
import { audit } from '../audit-trail.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { mayPublish, type PostingActor } from './actor.ts'

/** The firms a cadre may approve: those that chose the cadre's unit or one below it. */
export const employersFor = (db: Db, actor: PostingActor) =>
  db.employer.findMany({
    where: { unit: { path: { startsWith: actor.unitPath } } },
    include: { unit: { select: { name: true } }, accounts: { select: { login: true, displayName: true } }, _count: { select: { postings: true } } },
    orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
  })

/** Approve (the firm may post) or suspend (its people may no longer sign in to post; its open postings stay until a cadre withdraws them). */
export async function decideEmployer(desk: Desk, actor: PostingActor, employerId: string, decision: 'approved' | 'suspended'): Promise<Employer> {
  if (!mayPublish(actor)) throw new DeskError('not_allowed', '只有工会干部能审核企业。')
  const employer = await desk.db.employer.findFirst({ where: { id: employerId, unit: { path: { startsWith: actor.unitPath } } } })
  if (!employer) throw new DeskError('employer_not_found', '没有这家企业，或者它不归您的单位审核。')
  const now = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const updated = await tx.employer.update({
      where: { id: employerId },
      data: decision === 'approved' ? { status: 'approved', approvedBy: actor.login, approvedAt: now } : { status: 'suspended' },
    })
    await tx.account.updateMany({ where: { employerId }, data: { active: decision === 'approved' } })
    await audit(tx, { accountId: actor.accountId, action: decision === 'approved' ? 'employer.approved' : 'employer.suspended', data: { employer: employerId }, at: now })
    return updated
  })
}
