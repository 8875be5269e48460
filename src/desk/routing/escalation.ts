import type { Tx } from '../../db/client.ts'
import type { Cadre, OrgUnit } from '../../generated/prisma/client.ts'
import { unitAndAncestors } from '../people/index.ts'
import { openLoads } from './load.ts'

export type Rung = { unit: OrgUnit; leader: Cadre }

/**
 * Who a late case climbs to: the leader of the ticket's unit, then the leader of each
 * unit above, skipping units without an active leader and the assignee themself (a
 * leader's own late case goes straight to the unit above). Rung 1 is the first entry.
 * Among several leaders of a unit, the least loaded one takes it.
 */
export async function escalationLadder(tx: Tx, unitId: string, assigneeId: string | null): Promise<Rung[]> {
  const unit = await tx.orgUnit.findUnique({ where: { id: unitId } })
  if (!unit) return []
  const units = await unitAndAncestors(tx, unit)
  const leaders = await tx.cadre.findMany({
    where: { unitId: { in: units.map((u) => u.id) }, role: 'leader', active: true, ...(assigneeId ? { id: { not: assigneeId } } : {}) },
    orderBy: { createdAt: 'asc' },
  })
  const load = await openLoads(tx, leaders.map((l) => l.id))
  const ladder: Rung[] = []
  for (const u of units) {
    // Stable sort: among equally loaded leaders, the longest-serving first.
    const leader = leaders.filter((l) => l.unitId === u.id).sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0))[0]
    if (leader) ladder.push({ unit: u, leader })
  }
  return ladder
}

/** The rung for escalation level `level` (1-based); past the top of the tree, the top. */
export function rungAt(ladder: Rung[], level: number): Rung | null {
  if (ladder.length === 0) return null
  return ladder[Math.min(level, ladder.length) - 1]!
}

/** The leader who answers for a unit: its own, or the nearest one above. */
export async function unitLeader(tx: Tx, unitId: string): Promise<Cadre | null> {
  return rungAt(await escalationLadder(tx, unitId, null), 1)?.leader ?? null
}
