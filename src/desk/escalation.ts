import type { Tx } from '../db/client.ts'
import type { Cadre, OrgUnit } from '../generated/prisma/client.ts'
import { openStatuses } from './types.ts'

export type Rung = { unit: OrgUnit; leader: Cadre }

/**
 * Who a late case climbs to: the leader of the ticket's unit, then the leader of each
 * unit above, skipping units without an active leader and the assignee themself (a
 * leader's own late case goes straight to the unit above). Rung 1 is the first entry.
 * Among several leaders of a unit, the least loaded one takes it.
 */
export async function escalationLadder(tx: Tx, unitId: string, assigneeId: string | null): Promise<Rung[]> {
  const ladder: Rung[] = []
  let unit = await tx.orgUnit.findUnique({ where: { id: unitId } })
  while (unit) {
    const leaders = await tx.cadre.findMany({
      where: { unitId: unit.id, role: 'leader', active: true, ...(assigneeId ? { id: { not: assigneeId } } : {}) },
      orderBy: { createdAt: 'asc' },
    })
    const leader = await leastLoaded(tx, leaders)
    if (leader) ladder.push({ unit, leader })
    unit = unit.parentId ? await tx.orgUnit.findUnique({ where: { id: unit.parentId } }) : null
  }
  return ladder
}

/** The rung for escalation level `level` (1-based); past the top of the tree, the top. */
export function rungAt(ladder: Rung[], level: number): Rung | null {
  if (ladder.length === 0) return null
  return ladder[Math.min(level, ladder.length) - 1]!
}

async function leastLoaded(tx: Tx, cadres: Cadre[]): Promise<Cadre | null> {
  if (cadres.length <= 1) return cadres[0] ?? null
  const loads = await tx.ticket.groupBy({
    by: ['assigneeId'],
    where: { assigneeId: { in: cadres.map((c) => c.id) }, status: { in: openStatuses } },
    _count: { _all: true },
  })
  const load = new Map(loads.map((l) => [l.assigneeId, l._count._all]))
  return [...cadres].sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0))[0]!
}
