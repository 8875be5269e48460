import type { Tx } from '../../db/client.ts'
import { prepareWithList } from '../../db/prepared.ts'
import { openStatuses } from '../vocabulary.ts'

/** How many open tickets each of these cadres holds: one grouped query, missing means none. */
export async function openLoads(tx: Tx, cadreIds: string[]): Promise<Map<string, number>> {
  if (cadreIds.length === 0) return new Map()
  const rows = await openOf.rows(tx, {}, cadreIds)
  return new Map(rows.flatMap((r) => (r.assigneeId ? [[r.assigneeId, Number(r.open)] as const] : [])))
}

// Prepared per number of cadres (the few of one unit and role).
const openOf = prepareWithList<Record<string, never>, string>()((sql, _, ids) =>
  sql.selectFrom('Ticket')
    .select((eb) => ['assigneeId', eb.fn.countAll<number>().as('open')])
    .where('assigneeId', 'in', ids).where('status', 'in', openStatuses)
    .groupBy('assigneeId'),
)
