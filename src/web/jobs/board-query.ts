import type { Context } from 'hono'
import { boardRegions, findRegion, regionByCode, type BoardQuery } from '../../desk/postings/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { fill, PAY_FLOORS, type JobWords } from './copy.ts'

/** What the filter form shows back: the words as typed, the place picked. */
export type BoardForm = { q: string; trade: string; place: string; region: string; pay: string }

export type ParsedBoard =
  | { ok: true; form: BoardForm; query: BoardQuery; page: number; placeUnknown?: string }
  | { ok: false; form: BoardForm; reason: string }

/** A person types a few words; more than this is not a search (and would only cost the database). */
export const MAX_Q = 40
export const MAX_TRADE = 30
export const MAX_PLACE = 30
/** Twenty a page: past a few hundred pages nobody is reading, only walking. */
export const MAX_PAGE = 500

const tidy = (v: string | undefined) => (v ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim()

/**
 * The board's query from the URL, checked: words of sane length, a region the desk knows,
 * a pay floor from the list, a page number. A place typed in words is found with the
 * region list (舟山 → 舟山市, whose counties' postings it shows); one that is not found
 * is said so and left out, rather than finding nothing.
 */
export function parseBoard(c: Context, j: JobWords): ParsedBoard {
  const form: BoardForm = { q: tidy(c.req.query('q')), trade: tidy(c.req.query('trade')), place: tidy(c.req.query('place')), region: tidy(c.req.query('region')), pay: tidy(c.req.query('pay')) }
  const tooLong = ([label, value, max]: [string, string, number]) => [...value].length > max && fill(j.errTooLong, { label, max })
  const long = ([[j.qLabel, form.q, MAX_Q], [j.tradeLabel, form.trade, MAX_TRADE], [j.placeLabel, form.place, MAX_PLACE]] as [string, string, number][]).map(tooLong).find(Boolean)
  if (long) return { ok: false, form, reason: long }
  if (form.region && !(/^\d{6}$/.test(form.region) && regionByCode(form.region))) return { ok: false, form: { ...form, region: '' }, reason: j.errRegion }
  const pay = form.pay && form.pay !== '0' ? Number(form.pay) : null
  if (pay !== null && !PAY_FLOORS.includes(pay as (typeof PAY_FLOORS)[number])) return { ok: false, form: { ...form, pay: '' }, reason: j.errPay }
  const pageText = c.req.query('page') ?? '1'
  const page = /^\d{1,4}$/.test(pageText) ? Number(pageText) : NaN
  if (!(page >= 1 && page <= MAX_PAGE)) return { ok: false, form, reason: j.errPage }

  let region = form.region || undefined
  let placeUnknown: string | undefined
  if (form.place) {
    const found = findRegion(form.place)
    if (found) region = found.code
    else placeUnknown = form.place
  }
  const query: BoardQuery = {
    ...(form.q ? { q: form.q } : {}), ...(form.trade ? { trade: form.trade } : {}), ...(region ? { region } : {}), ...(pay ? { payFloor: pay } : {}), page,
  }
  return { ok: true, form: { ...form, region: region ?? '' }, query, page, ...(placeUnknown ? { placeUnknown } : {}) }
}

export type RegionOption = { code: string; label: string; depth: number }

/**
 * The place filter's choices: every region with open postings, and the city and province
 * around it, each with how many postings are open inside it, in the region list's own order
 * (浙江省, 舟山市, 定海区, …), so a worker can pick a whole city.
 */
export async function regionOptions(desk: Pick<Desk, 'db' | 'now'>): Promise<RegionOption[]> {
  const totals = new Map<string, number>()
  for (const r of await boardRegions(desk)) {
    const seen = new Set<string>()
    for (let code: string | null = r.code; code && !seen.has(code); code = regionByCode(code)?.parentCode ?? null) {
      seen.add(code)
      totals.set(code, (totals.get(code) ?? 0) + r.count)
    }
  }
  const depth = { province: 0, city: 1, county: 2 } as const
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, count]) => {
      const region = regionByCode(code)
      return { code, label: `${region?.name ?? code}（${count}）`, depth: region ? depth[region.level] : 2 }
    })
}
