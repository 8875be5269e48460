import type { Tx } from '../../db/client.ts'
import { prepare, prepareWithList } from '../../db/prepared.ts'
import type { Sql } from '../../db/sql.ts'
import type { OrgUnit } from '../../generated/prisma/client.ts'

/**
 * The union's org tree. OrgUnit.path holds the codes from the root ("/gd/gd-sz/sz-ns/"),
 * so a unit's ancestors and its subtree are each one query, however deep the tree.
 */

/** The unit and every unit above it, nearest first. */
export async function unitAndAncestors(tx: Tx, unit: Pick<OrgUnit, 'path'>): Promise<OrgUnit[]> {
  const codes = unit.path.split('/').filter(Boolean)
  const paths = codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`)
  const units = await unitsAt.rows(tx, {}, paths)
  return units.sort((a, b) => b.path.length - a.path.length)
}

/** The ids of a unit and every unit below it. */
export async function subtreeUnitIds(tx: Tx, unit: Pick<OrgUnit, 'path'>): Promise<string[]> {
  return (await tx.orgUnit.findMany({ where: { path: { startsWith: unit.path } }, select: { id: true } })).map((u) => u.id)
}

/** The unit a worker's hint names: a unit code, or a place or employer name the unit is known by. Plain SQL: intake asks it for every message. */
export async function unitFromHint(sql: Sql, hint: string | undefined): Promise<OrgUnit | null> {
  const h = hint?.trim()
  if (!h) return null
  const byCode = await unitByCode.first(sql, { code: h })
  if (byCode) return byCode
  // The deepest unit the hint mentions is the most specific match.
  const units = await sql.selectFrom('OrgUnit').select(['id', 'name', 'aliases', 'path']).execute()
  const best = units
    .filter((u) => h.includes(u.name) || u.name.includes(h) || u.aliases.split(',').some((a) => a && h.includes(a)))
    .sort((a, b) => b.path.length - a.path.length)[0]
  return best ? ((await sql.selectFrom('OrgUnit').selectAll().where('id', '=', best.id).executeTakeFirst()) ?? null) : null
}

/**
 * Which unit a ticket belongs to: what the worker told us now, else the unit we already
 * know them by, else the unit that owns the channel.
 */
export async function resolveUnit(tx: Tx, clues: { hinted: OrgUnit | null; workerUnitId: string | null; defaultUnitCode: string }): Promise<OrgUnit> {
  if (clues.hinted) return clues.hinted
  if (clues.workerUnitId) {
    const known = await unitById.first(tx, { id: clues.workerUnitId })
    if (known) return known
  }
  const fallback = await unitByCode.first(tx, { code: clues.defaultUnitCode })
  if (!fallback) throw new Error(`DEFAULT_UNIT_CODE ${clues.defaultUnitCode} is not an org unit; seed the org tree or fix the setting`)
  return fallback
}

// Prepared per depth of the tree (five levels at most).
const unitsAt = prepareWithList<Record<string, never>, string>()((sql, _, paths) => sql.selectFrom('OrgUnit').selectAll().where('path', 'in', paths))
const unitByCode = prepare<{ code: string }>()((sql, p) => sql.selectFrom('OrgUnit').selectAll().where('code', '=', p.code))
const unitById = prepare<{ id: string }>()((sql, p) => sql.selectFrom('OrgUnit').selectAll().where('id', '=', p.id))
