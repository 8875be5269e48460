import { foldJobText, maskSpans } from './normalize.ts'
import { regionTable, type Region, type RegionTable } from './region-data.ts'
import { renown } from './region-names.ts'
import { scanTrades } from './trade-scan.ts'

/** A place named in folded text, and every region the name may mean. */
type Mention = { start: number; end: number; candidates: readonly Region[]; origin: boolean }

export type RegionReading = {
  region: Region | null
  /** Every place name read, the chosen one's and the others': a caller blanks them out. */
  spans: [number, number][]
}

export type FindRegionOptions = {
  /** A region the reader is in (the union's own): of places sharing a name, the nearest wins. */
  near?: string | null
}

// Where a worker is from, not where they want work: 湖南人, 四川老乡, 川菜 aside, 老家河南.
const originAfter = /^(?:人(?!力|才|民|社|事)|籍|老乡|口音|菜|话)/
const originBefore = /(?:老家|家乡|户籍|籍贯|来自)(?:是|在)?$/

function mentionsIn(folded: string, t: RegionTable): Mention[] {
  const out: Mention[] = []
  for (let i = 0; i < folded.length; ) {
    let hit: Mention | undefined
    for (const len of t.nameLengths.get(folded[i]!) ?? []) {
      const candidates = t.byName.get(folded.slice(i, i + len))
      if (!candidates) continue
      const origin = originAfter.test(folded.slice(i + len)) || originBefore.test(folded.slice(0, i))
      hit = { start: i, end: i + len, candidates, origin }
      break
    }
    if (hit) out.push(hit)
    i = hit ? hit.end : i + 1
  }
  return out
}

/**
 * The most specific place named in folded text (foldJobText), and where names stood.
 * Of the regions the names may mean, the one wins that (in this order):
 * 1. has the most other names in the text naming a region around it (舟山定海, 深圳南山:
 *    the parent settles 南山; 浙江舟山定海 picks 定海, the most specific);
 * 2. shares most of its ancestors with `near`, when given (普陀 near 舟山 is 舟山's);
 * 3. was named first, among unrelated places;
 * 4. is the larger unit (朝阳 alone is 朝阳市 in 辽宁, not a district; 海南 the province);
 * 5. is the better known of equals (朝阳区 is Beijing's, 南山区 Shenzhen's; see renown);
 * 6. has the lowest code, so the answer never depends on the order of the data.
 */
export function readRegion(folded: string, options: FindRegionOptions = {}): RegionReading {
  const t = regionTable()
  const mentions = mentionsIn(folded, t)
  const spans = mentions.map((m): [number, number] => [m.start, m.end])
  const near = options.near ? new Set(regionAncestors(options.near)) : new Set<string>()
  const counted = mentions.filter((m) => !m.origin)
  const scored = counted.flatMap((m, i) =>
    m.candidates.map((r) => {
      const ancestors = regionAncestors(r.code)
      const support = counted.filter(
        (other, j) => j !== i && other.candidates.some((c) => c.code !== r.code && ancestors.includes(c.code)),
      ).length
      return { r, i, support, near: ancestors.filter((a) => near.has(a)).length, size: levelSize[r.level], renown: r.level === 'county' ? renown(r.code) : 0 }
    }),
  )
  scored.sort(
    (a, b) =>
      b.support - a.support ||
      b.near - a.near ||
      a.i - b.i ||
      b.size - a.size ||
      b.renown - a.renown ||
      a.r.code.localeCompare(b.r.code),
  )
  return { region: scored[0]?.r ?? null, spans }
}

const levelSize = { province: 3, city: 2, county: 1 } as const

/**
 * The most specific place named in free text ('舟山定海' → 定海区), or null. Trade words are
 * set aside first, so 铝合金门窗 is no 金门 and 装修水电 no 修水. See readRegion for how
 * names shared by several places are read.
 */
export function findRegion(text: string, options: FindRegionOptions = {}): Region | null {
  const folded = foldJobText(text)
  const trades = scanTrades(folded).map((m): [number, number] => [m.start, m.end])
  return readRegion(maskSpans(folded, trades), options).region
}

export function regionByCode(code: string): Region | null {
  return regionTable().byCode.get(code) ?? null
}

/**
 * The code itself and every enclosing code, innermost first: '330902' → ['330902', '330900',
 * '330000']; a district of Beijing → ['110101', '110100', '110000']; 仙桃 (省直辖县级) →
 * ['429004', '420000']. A code the data does not know (renamed since, or from a newer table)
 * gets its enclosing codes from its digits, so old postings still match by province and city.
 */
export function regionAncestors(code: string): string[] {
  const t = regionTable()
  let r = t.byCode.get(code)
  if (!r) return ancestorsByDigits(code)
  const known = ancestorCache.get(code)
  if (known) return [...known]
  const out: string[] = []
  while (r) {
    out.push(r.code)
    r = r.parentCode ? t.byCode.get(r.parentCode) : undefined
  }
  ancestorCache.set(code, out)
  return [...out]
}

// Known codes only (a few thousand), so odd input cannot grow it; callers get copies.
const ancestorCache = new Map<string, readonly string[]>()

function ancestorsByDigits(code: string): string[] {
  if (!/^\d{6}$/.test(code)) return [code]
  const out = [code]
  const city = `${code.slice(0, 4)}00`
  const province = `${code.slice(0, 2)}0000`
  if (city !== code && code.slice(2, 4) !== '00' && code.slice(2, 4) !== '90') out.push(city)
  if (province !== code) out.push(province)
  return out
}

/** Whether outer is inner or encloses it ('330900' contains '330902'). */
export function regionContains(outer: string, inner: string): boolean {
  return regionAncestors(inner).includes(outer)
}
