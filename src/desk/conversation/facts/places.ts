import { knownPlaces, placeNames } from './gazetteer.ts'
import { compact } from './text.ts'

export type Span = { value: string; start: number; end: number }

/** Longest first at each position: 工业园区 before 区. 乡 and 旗 are left out: 老乡 and 红旗 are not places. */
const suffixes = ['经济开发区', '高新区', '开发区', '保税区', '工业园区', '工业园', '工业区', '产业园', '新区', '自治区', '自治州', '街道', '社区', '省', '市', '区', '县', '镇', '村']

// 超市, 上市, 小区, 厂区, 城镇, 农村 are not places: the character before the suffix says so.
const notBefore: Record<string, string> = { 市: '超城都菜夜股门上黑闹集花早街开', 区: '小厂景市城郊山禁灾专片分辖学宅活舍公牧矿营', 镇: '城乡重', 村: '农山乡渔' }
// 市场, 市民, 区别 neither.
const notAfter: Record<string, string> = { 市: '场民长值面容政', 区: '域别' }
/** Characters that cannot be inside a place name, so the name before a suffix ends there. */
const stop = /[^\p{Script=Han}]|[在我你他她的是去到了个这那们住给跟离回就都也还把被让说想找干做要从来里边面叫很有没不啊吧呢吗和及或家司厂]/u
const maxName = 5

const locativeBefore = /(?:在|到|去|来|住|回|于|是)$/
const locativeAfter = /^(?:这边|那边|那里|这里|附近|一带|市|区|县|镇|街道)/
// 在天台上 is on a rooftop; 在天台上班 is at work in Tiantai.
const notPlaceAfter = /^(?:上(?!班)|下|里|顶|楼)/

function gazetteerHits(t: string, bare: boolean): (Span & { confirmed: boolean })[] {
  const taken = new Array<boolean>(t.length).fill(false)
  const hits: (Span & { confirmed: boolean })[] = []
  for (const name of placeNames) {
    for (let i = t.indexOf(name); i >= 0; i = t.indexOf(name, i + 1)) {
      const end = i + name.length
      if (taken.slice(i, end).some(Boolean)) continue
      const rest = t.slice(end)
      const confirmed = knownPlaces.has(name) || bare || locativeAfter.test(rest) || (locativeBefore.test(t.slice(0, i)) && !notPlaceAfter.test(rest))
      for (let k = i; k < end; k++) taken[k] = true
      hits.push({ value: name, start: i, end, confirmed })
    }
  }
  // 深圳南山: a name right after a known place is a place too.
  hits.sort((a, b) => a.start - b.start)
  for (let k = 1; k < hits.length; k++) if (hits[k - 1]!.confirmed && hits[k - 1]!.end === hits[k]!.start) hits[k]!.confirmed = true
  return hits
}

/** 定海区, 盐仓街道, 新港工业园: a suffix and the name before it. */
function suffixHits(t: string, gazetteer: Span[]): Span[] {
  const out: Span[] = []
  let floor = 0
  for (let i = 1; i < t.length; i++) {
    const suffix = suffixes.find((s) => t.startsWith(s, i))
    if (!suffix) continue
    if (notBefore[suffix]?.includes(t[i - 1]!) || notAfter[suffix]?.includes(t[i + suffix.length] ?? '')) continue
    const known = gazetteer.find((g) => g.end === i && g.start >= floor)
    let start = known?.start ?? i
    if (!known) while (start > floor && i - start < maxName && !stop.test(t[start - 1]!)) start--
    // A province is only one of the 34; anything else needs a name of two characters or more.
    if ((suffix === '省' || suffix === '自治区') && !(known && knownPlaces.has(known.value))) continue
    if (i - start < 2 && !known) continue
    const end = i + suffix.length
    out.push({ value: t.slice(start, end), start, end })
    floor = end
    i = end - 1
  }
  return out
}

/**
 * Every place in the text, neighbouring names joined: 浙江省舟山市定海区, 宁波北仑, 深圳南山.
 * `bare`: the text is the whole answer to "where", so 南山 alone counts.
 */
export function findPlaces(text: string, opts: { bare?: boolean } = {}): Span[] {
  const gaz = gazetteerHits(text, opts.bare ?? false)
  const bySuffix = suffixHits(text, gaz)
  const covered = (g: Span) => bySuffix.some((s) => g.start < s.end && s.start < g.end)
  const parts = [...bySuffix, ...gaz.filter((g) => g.confirmed && !covered(g))].sort((a, b) => a.start - b.start)
  const chains: Span[] = []
  for (const p of parts) {
    const last = chains.at(-1)
    if (last && (p.start === last.end || (p.start === last.end + 1 && text[last.end] === ' '))) {
      last.end = p.end
      last.value = compact(text.slice(last.start, last.end))
    } else chains.push({ ...p })
  }
  return chains
}

// Where the worker is from, not where they work: 老家河南, 从安徽来, 我是四川人.
const hometownBefore = /(?:老家|家乡|户口|籍贯|老家是|老家在|从)\s?$/
const hometownAfter = /^(?:人(?!员)|老乡|来的|过来|出来)/
const workAfter = /^.{0,8}?(?:干活|上班|打工|做事|做工|工作|工地|厂|公司|项目|找)/
const pastBefore = /(?:以前|之前|原来|去年)\S{0,3}$/

/**
 * The place that says where the worker works (or wants to): the most specific, near 干活/上班.
 * `inside`: the employer's name, whose place prefix (舟山海丰船舶) counts only when nothing else does.
 */
export function bestPlace(text: string, opts: { bare?: boolean; inside?: Span | null } = {}): Span | null {
  const candidates = findPlaces(text, opts).filter((p) => !hometownBefore.test(text.slice(0, p.start)) && !hometownAfter.test(text.slice(p.end)))
  const score = (p: Span) => {
    const rest = text.slice(p.end)
    const head = text.slice(Math.max(0, p.start - 6), p.start)
    // 公司叫舟山海丰船舶 在定海: a place said on its own beats one inside the employer's name.
    const inName = opts.inside && p.start >= opts.inside.start && p.end <= opts.inside.end ? 3 : 0
    return [...p.value].length + (workAfter.test(rest) ? 3 : 0) - (pastBefore.test(head) ? 6 : 0) - inName
  }
  let best: Span | null = null
  for (const c of candidates) if (!best || score(c) > score(best)) best = c
  return best
}
