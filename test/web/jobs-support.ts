import { createAccount } from '../../src/desk/accounts/index.ts'
import { closePosting, createPosting, postingActor, publishPosting, type PostingActor, type PostingFields } from '../../src/desk/postings/index.ts'
import type { JobPosting } from '../../src/generated/prisma/client.ts'
import type { TestDesk } from '../support/desk.ts'

const DAY = 24 * 3600_000

/** A leader of 南山 (the demo union's default unit), who may publish postings; one per desk. */
export async function publisher(t: TestDesk, login = 'jobs-leader'): Promise<PostingActor> {
  const existing = await t.desk.db.account.findUnique({ where: { login }, include: { unit: true } })
  if (existing) return postingActor(existing)
  const account = await createAccount(t.desk.db, { login, displayName: '周凯', password: 'Gonghui-2026-test', role: 'leader', unitCode: 'sz-ns' }, new Date())
  return postingActor(await t.desk.db.account.findUniqueOrThrow({ where: { id: account.id }, include: { unit: true } }))
}

/** A forklift job in 定海 (舟山), unless told otherwise. */
export const forklift = (over: Partial<PostingFields> = {}): PostingFields => ({
  title: '叉车司机', employerName: '舟山港城物流有限公司', trade: '叉车司机', regionCode: '330902', place: '临城街道港湾路8号',
  payMin: 6000, payMax: 8000, headcount: 3, requirements: '持叉车证，能上夜班', contact: '人事部王女士 0580-2012345（周一到周五 9:00–17:00）',
  validUntil: new Date(Date.now() + 30 * DAY), ...over,
})

/** A posting as a cadre makes it: created (a draft), and published unless `as` says otherwise. */
export async function posting(t: TestDesk, over: Partial<PostingFields> = {}, as: 'open' | 'draft' | 'review' | 'filled' | 'withdrawn' | 'expired' = 'open'): Promise<JobPosting> {
  const actor = await publisher(t)
  const draft = await createPosting(t.desk, actor, forklift(over))
  if (as === 'draft') return draft
  if (as === 'review') return t.desk.db.jobPosting.update({ where: { id: draft.id }, data: { status: 'review' } })
  const open = await publishPosting(t.desk, actor, draft.id)
  if (as === 'filled' || as === 'withdrawn') return closePosting(t.desk, actor, open.id, as)
  // Past its date: the domain refuses a date in the past, so the clock is turned back on the row.
  if (as === 'expired') return t.desk.db.jobPosting.update({ where: { id: open.id }, data: { validUntil: new Date(Date.now() - DAY) } })
  return open
}

/**
 * Copies of an open posting with new numbers, published before everything else (a minute
 * apart, the oldest first), written straight to the table: enough postings to page through
 * without publishing each one.
 */
export async function copies(t: TestDesk, of: JobPosting, n: number): Promise<JobPosting[]> {
  const { id: _id, number: _number, ...row } = of
  const oldest = Date.now() - 24 * 3600_000
  const made: JobPosting[] = []
  for (let i = 0; i < n; i++) {
    made.push(await t.desk.db.jobPosting.create({
      data: { ...row, number: `G-2501-${String(9000 + i).padStart(4, '0')}`, employerName: `${of.employerName}${i + 1}号库`, publishedAt: new Date(oldest + i * 60_000), fanoutDoneAt: new Date() },
    }))
  }
  return made
}
