import type { Db } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { JobPosting, Prisma } from '../../generated/prisma/client.ts'
import { flushOutbox, stageJob } from '../../queue/outbox.ts'
import { audit } from '../audit-trail.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { isEmployer, mayPublish, postingsVisibleTo, type PostingActor } from './actor.ts'
import { postingTerms, regionByCode } from './matching/index.ts'
import { nextPostingNumber } from './numbers.ts'
import { MAX_VALID_DAYS, PostingInput, type PostingFields, type PostingStatus } from './posting-input.ts'
import { postingJobIds } from './jobs.ts'

const DAY = 24 * 3600_000

/** Open on the board: published, not filled or withdrawn, and not past its date. */
export const openNow = (now: Date): Prisma.JobPostingWhereInput => ({ status: 'open', validUntil: { gt: now } })

export const isOpen = (p: Pick<JobPosting, 'status' | 'validUntil'>, now: Date) => p.status === 'open' && p.validUntil > now

/** What a posting's status means now: an open posting past its date is expired. */
export const effectiveStatus = (p: Pick<JobPosting, 'status' | 'validUntil'>, now: Date): PostingStatus | 'expired' =>
  p.status === 'open' && p.validUntil <= now ? 'expired' : (p.status as PostingStatus)

function checked(fields: PostingFields, now: Date) {
  const parsed = PostingInput.safeParse(fields)
  if (!parsed.success) throw new DeskError('posting_invalid', parsed.error.issues.map((i) => i.message).join(' '))
  const p = parsed.data
  if (!regionByCode(p.regionCode)) throw new DeskError('posting_invalid', '工作地点的区县代码不对，请从列表里选。')
  if (p.validUntil.getTime() <= now.getTime()) throw new DeskError('posting_invalid', '截止日期要晚于今天。')
  if (p.validUntil.getTime() > now.getTime() + MAX_VALID_DAYS * DAY) throw new DeskError('posting_invalid', `截止日期最多在 ${MAX_VALID_DAYS} 天以后；到时还招，请重新发布。`)
  const terms = postingTerms({ title: p.title, trade: p.trade, requirements: p.requirements })
  return { ...p, terms: terms.length ? ` ${terms.join(' ')} ` : '' }
}

/** A posting the actor may act on, or the same refusal as a missing one (a firm learns nothing of others' postings). */
export async function postingFor(db: Db, actor: PostingActor, id: string): Promise<JobPosting> {
  const p = await db.jobPosting.findFirst({ where: { AND: [{ id }, postingsVisibleTo(actor)] } })
  if (!p) throw new DeskError('posting_not_found', '没有这个岗位，或者您看不到它。')
  return p
}

/**
 * A new posting, as a draft. A firm's posting carries its name as the firm was approved and
 * hangs under the firm's union unit; a cadre's under the cadre's unit.
 */
export async function createPosting(desk: Desk, actor: PostingActor, fields: PostingFields): Promise<JobPosting> {
  const now = desk.now()
  const employer = isEmployer(actor) ? await approvedEmployer(desk.db, actor) : null
  if (!employer && !mayPublish(actor)) throw new DeskError('not_allowed', '只读账号不能发布岗位。')
  const p = checked(employer ? { ...fields, employerName: employer.name } : fields, now)
  return inTransaction(desk.db, async (tx) => {
    const posting = await tx.jobPosting.create({
      data: {
        ...p, number: await nextPostingNumber(tx, now), status: 'draft', unitId: employer?.unitId ?? actor.unitId,
        employerId: employer?.id ?? null, createdBy: actor.login, createdAt: now,
      },
    })
    await audit(tx, { accountId: actor.accountId, action: 'posting.created', data: { posting: posting.number }, at: now })
    return posting
  })
}

/** Changes a posting that has not gone out yet (a published one is withdrawn and posted anew, so nobody was pushed words that later changed). */
export async function updatePosting(desk: Desk, actor: PostingActor, id: string, fields: PostingFields): Promise<JobPosting> {
  const now = desk.now()
  const current = await postingFor(desk.db, actor, id)
  if (current.status !== 'draft' && current.status !== 'review') throw new DeskError('posting_closed', '已发布的岗位不能再改；请撤下后重新发布。')
  const p = checked(isEmployer(actor) ? { ...fields, employerName: current.employerName } : fields, now)
  const posting = await desk.db.jobPosting.update({ where: { id }, data: { ...p, updatedAt: now } })
  await audit(desk.db, { accountId: actor.accountId, action: 'posting.changed', data: { posting: posting.number }, at: now })
  return posting
}

/** A firm hands its draft to the union for review; a cadre of the unit publishes it. */
export async function submitPosting(desk: Desk, actor: PostingActor, id: string): Promise<JobPosting> {
  if (!isEmployer(actor)) throw new DeskError('not_allowed', '工会干部的岗位直接发布，不用提交审核。')
  const current = await postingFor(desk.db, actor, id)
  if (current.status !== 'draft') throw new DeskError('posting_closed', '这个岗位已经提交过了。')
  const { count } = await desk.db.jobPosting.updateMany({ where: { id, status: 'draft' }, data: { status: 'review' } })
  if (count === 0) throw new DeskError('posting_closed', '这个岗位已经提交过了。')
  await audit(desk.db, { accountId: actor.accountId, action: 'posting.submitted', data: { posting: current.number }, at: desk.now() })
  return { ...current, status: 'review' }
}

/**
 * Puts a posting on the board and starts its push: the first fan-out page is written to the
 * outbox in the same transaction as the status, so a crash after the commit still pushes it.
 */
export async function publishPosting(desk: Desk, actor: PostingActor, id: string): Promise<JobPosting> {
  if (!mayPublish(actor)) throw new DeskError('not_allowed', '岗位由工会干部审核后发布。')
  const now = desk.now()
  const current = await postingFor(desk.db, actor, id)
  if (current.status !== 'draft' && current.status !== 'review') throw new DeskError('posting_closed', '这个岗位已经发布过了。')
  if (current.validUntil <= now) throw new DeskError('posting_closed', '这个岗位的截止日期已经过了，请改日期后再发布。')
  const { posting, job } = await inTransaction(desk.db, async (tx) => {
    const { count } = await tx.jobPosting.updateMany({ where: { id, status: { in: ['draft', 'review'] } }, data: { status: 'open', publishedAt: now } })
    if (count === 0) throw new DeskError('posting_closed', '这个岗位已经发布过了。')
    const job = await stageJob(tx, { queue: 'postings', name: 'fanout', jobId: postingJobIds.fanout(id, 0), payload: { postingId: id, step: 'fanout', page: 0 }, runAt: now })
    await audit(tx, { accountId: actor.accountId, action: 'posting.published', data: { posting: current.number }, at: now })
    return { posting: { ...current, status: 'open', publishedAt: now }, job }
  })
  await flushOutbox(desk, [job])
  return posting
}

/**
 * Takes a posting off the board: withdrawn (a cadre, or the firm) or filled. Pushes not yet
 * sent stop at once: they are marked stopped here, and a push already running claims only
 * planned ones.
 */
export async function closePosting(desk: Desk, actor: PostingActor, id: string, how: 'withdrawn' | 'filled', note = ''): Promise<JobPosting> {
  if (!isEmployer(actor) && !mayPublish(actor)) throw new DeskError('not_allowed', '只读账号不能撤下岗位。')
  const now = desk.now()
  const current = await postingFor(desk.db, actor, id)
  if (current.status === 'withdrawn' || current.status === 'filled') throw new DeskError('posting_closed', '这个岗位已经下架了。')
  if (how === 'filled' && current.status !== 'open') throw new DeskError('posting_closed', '还没发布的岗位谈不上招满；不要了就撤下。')
  return inTransaction(desk.db, async (tx) => {
    const posting = await tx.jobPosting.update({ where: { id }, data: { status: how, closedAt: now, closeNote: note.slice(0, 200) || null } })
    await tx.jobPush.updateMany({ where: { postingId: id, status: { in: ['planned', 'waiting'] } }, data: { status: 'stopped' } })
    await audit(tx, { accountId: actor.accountId, action: how === 'filled' ? 'posting.filled' : 'posting.withdrawn', data: { posting: current.number }, at: now })
    return posting
  })
}

export type PostingListQuery = { status?: PostingStatus | 'expired'; q?: string; page?: number }

/** The console's list: what the actor may see, newest first, 30 a page. */
export async function postingsFor(desk: Desk, actor: PostingActor, query: PostingListQuery = {}) {
  const now = desk.now()
  const byStatus: Prisma.JobPostingWhereInput | undefined =
    query.status === 'expired' ? { status: 'open', validUntil: { lte: now } }
    : query.status === 'open' ? openNow(now)
    : query.status ? { status: query.status } : undefined
  // Numbers are stored in capitals (G-2612-0007); PostgreSQL's contains is case-sensitive.
  const q = query.q?.trim().replace(/^g-/i, 'G-')
  const where: Prisma.JobPostingWhereInput = {
    AND: [postingsVisibleTo(actor), byStatus ?? {}, q ? { OR: [{ title: { contains: q } }, { employerName: { contains: q } }, { number: { contains: q } }] } : {}],
  }
  const page = Math.max(1, query.page ?? 1)
  const [rows, total] = await Promise.all([
    desk.db.jobPosting.findMany({ where, orderBy: { createdAt: 'desc' }, take: 30, skip: (page - 1) * 30 }),
    desk.db.jobPosting.count({ where }),
  ])
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / 30)) }
}

async function approvedEmployer(db: Db, actor: PostingActor) {
  const employer = actor.employerId ? await db.employer.findUnique({ where: { id: actor.employerId } }) : null
  if (!employer || employer.status !== 'approved') throw new DeskError('not_allowed', '贵单位的账号还没通过工会审核，审核后才能发布岗位。')
  return employer
}
