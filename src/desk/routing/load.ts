import type { Tx } from '../../db/client.ts'
import { openStatuses } from '../vocabulary.ts'

/** How many open tickets each of these cadres holds: one grouped query, missing means none. */
export async function openLoads(tx: Tx, cadreIds: string[]): Promise<Map<string, number>> {
  if (cadreIds.length === 0) return new Map()
  const rows = await tx.ticket.groupBy({
    by: ['assigneeId'],
    where: { assigneeId: { in: cadreIds }, status: { in: openStatuses } },
    _count: { _all: true },
  })
  return new Map(rows.flatMap((r) => (r.assigneeId ? [[r.assigneeId, r._count._all] as const] : [])))
}
