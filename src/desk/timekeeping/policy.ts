import type { Category } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import type { Desk } from '../desk.ts'
import { currentDeadlines, type SlaPolicyTerms } from './plan.ts'

/** Used when no policy row matches: the 2-hour rule around the clock for urgent cases, a working day otherwise. */
export const fallbackPolicy = (urgent: boolean): SlaPolicyTerms => ({
  firstResponseSeconds: urgent ? 2 * 3600 : 8 * 3600,
  resolutionSeconds: urgent ? 24 * 3600 : 10 * 8 * 3600,
  clockMode: urgent ? 'calendar' : 'business',
})

export async function slaPolicyFor(tx: Tx, category: Category, urgent: boolean): Promise<SlaPolicyTerms> {
  const row = await policyOf.first(tx, { category, urgent })
  return row ?? fallbackPolicy(urgent)
}

/** The deadlines of a ticket opened now, before it has pauses: for the ticket's insert. */
export function openingDeadlines(desk: Pick<Desk, 'calendar'>, policy: SlaPolicyTerms, now: Date) {
  return currentDeadlines(
    { createdAt: now, status: 'open', firstRespondedAt: null, closedAt: null, firstResponseDueAt: null, resolutionDueAt: null },
    policy, [], desk.calendar,
  )
}

const policyOf = prepare<{ category: string; urgent: boolean }>()((sql, p) =>
  sql.selectFrom('SlaPolicy').select(['firstResponseSeconds', 'resolutionSeconds', 'clockMode']).where('category', '=', p.category).where('urgent', '=', p.urgent),
)
