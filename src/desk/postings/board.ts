import type { Db, Tx } from '../../db/client.ts'
import { sqlFor } from '../../db/sql.ts'
import type { JobPosting, Prisma } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { normalizeJobText, rankForSeeker, regionByCode, tradeTerms } from './matching/index.ts'
import { openNow } from './postings.ts'

export type BoardQuery = { q?: string; trade?: string; region?: string; payFloor?: number; page?: number }

export const BOARD_PAGE = 20

/** The codes inside a region share its code without the trailing zero pairs: 330000 → 33, 330900 → 3309. */
export const regionPrefix = (code: string) => code.replace(/(00)+$/, '') || code

/**
 * The public board: open postings, newest first, filtered by words (title, firm, place, or
 * a trade the words name: 铲车 finds 叉车司机), trade, region (a city shows its counties'
 * postings) and pay. Postings hold no worker's data, so anyone may read them.
 */
export async function boardPage(desk: Pick<Desk, 'db' | 'now'>, query: BoardQuery, opts: { size?: number } = {}) {
  const size = opts.size ?? BOARD_PAGE
  const where = boardWhere(query, desk.now())
  const page = Math.max(1, Math.floor(query.page ?? 1))
  const [rows, total] = await Promise.all([
    desk.db.jobPosting.findMany({ where, orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }], take: size, skip: (page - 1) * size }),
    desk.db.jobPosting.count({ where }),
  ])
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / size)) }
}

export function boardWhere(query: BoardQuery, now: Date): Prisma.JobPostingWhereInput {
  const and: Prisma.JobPostingWhereInput[] = [openNow(now)]
  const q = query.q ? normalizeJobText(query.q) : ''
  if (q) {
    const terms = tradeTerms(q)
    and.push({ OR: [{ title: { contains: q } }, { employerName: { contains: q } }, { place: { contains: q } }, { trade: { contains: q } }, ...terms.map((t) => ({ terms: { contains: ` ${t} ` } }))] })
  }
  if (query.trade) {
    const terms = tradeTerms(normalizeJobText(query.trade))
    and.push(terms.length ? { OR: terms.map((t) => ({ terms: { contains: ` ${t} ` } })) } : { trade: { contains: normalizeJobText(query.trade) } })
  }
  if (query.region && regionByCode(query.region)) and.push({ regionCode: { startsWith: regionPrefix(query.region) } })
  if (query.payFloor) and.push({ OR: [{ payMax: { gte: query.payFloor } }, { payMax: null, payMin: { gte: query.payFloor } }, { payMax: null, payMin: null }] })
  return { AND: and }
}

/** One posting by its number, for its page: open ones for everybody; closed ones say so instead of vanishing. */
export const postingByNumber = (db: Db, number: string) => db.jobPosting.findUnique({ where: { number } })

/** The regions that have open postings now, for the board's place filter. */
export async function boardRegions(desk: Pick<Desk, 'db' | 'now'>): Promise<{ code: string; name: string; count: number }[]> {
  const rows = await desk.db.jobPosting.groupBy({ by: ['regionCode'], where: openNow(desk.now()), _count: { _all: true } })
  return rows.map((r) => ({ code: r.regionCode, name: regionByCode(r.regionCode)?.fullName ?? r.regionCode, count: r._count._all })).sort((a, b) => b.count - a.count)
}

/** Open postings looked at when answering a job seeker: the newest few hundred are what a board would show them anyway. */
const SEEKER_POOL = 300

/** The best open postings for a job seeker's own words (叉车 舟山), for the reply to their message. */
export async function matchesForSeeker(db: Db | Tx, now: Date, text: string, limit = 3): Promise<JobPosting[]> {
  // Plain SQL (db/sql.ts): every job seeker's first message reads this pool.
  const pool = await sqlFor(db).selectFrom('JobPosting').selectAll().where('status', '=', 'open').where('validUntil', '>', now)
    .orderBy('publishedAt', 'desc').limit(SEEKER_POOL).execute()
  const asked = tradeTerms(text)
  const candidates = pool.map((p) => ({ ...p, terms: p.terms.trim().split(/\s+/).filter(Boolean) }))
  // Someone who names a trade wants that trade: other work nearby is on the board, not in the answer.
  const relevant = asked.length ? candidates.filter((p) => p.terms.some((t) => asked.includes(t))) : candidates
  const ids = rankForSeeker(text, relevant, limit)
  return ids.map((id) => pool.find((p) => p.id === id)).filter((p): p is JobPosting => p !== undefined)
}

/** How many open postings a subscription matches now (told to the worker when they subscribe). */
export function countMatchingOpen(db: Db | Tx, s: { anyTrade: boolean; regionCode: string | null; payFloor: number | null; terms: { term: string }[] }, now: Date): Promise<number> {
  const and: Prisma.JobPostingWhereInput[] = [openNow(now)]
  if (!s.anyTrade) and.push({ OR: s.terms.map((t) => ({ terms: { contains: ` ${t.term} ` } })) })
  if (s.regionCode) and.push({ regionCode: { startsWith: regionPrefix(s.regionCode) } })
  if (s.payFloor) and.push({ OR: [{ payMax: { gte: s.payFloor } }, { payMax: null, payMin: { gte: s.payFloor } }, { payMax: null, payMin: null }] })
  return db.jobPosting.count({ where: { AND: and } })
}
