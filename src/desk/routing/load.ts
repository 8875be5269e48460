import type { Tx } from '../../db/client.ts'
import { sqlFor } from '../../db/sql.ts'
import { openStatuses } from '../vocabulary.ts'

/** How many open tickets each of these cadres holds: one grouped query, missing means none. */
export async function openLoads(tx: Tx, cadreIds: string[]): Promise<Map<string, number>> {
  if (cadreIds.length === 0) return new Map()
  const rows = await sqlFor(tx).selectFrom('Ticket')
    .select((eb) => ['assigneeId', eb.fn.countAll<number>().as('open')])
    .where('assigneeId', 'in', cadreIds).where('status', 'in', openStatuses)
    .groupBy('assigneeId')
    .execute()
  return new Map(rows.flatMap((r) => (r.assigneeId ? [[r.assigneeId, Number(r.open)] as const] : [])))
}
