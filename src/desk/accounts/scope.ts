import type { Prisma } from '../../generated/prisma/client.ts'
import type { Account, OrgUnit } from '../../generated/prisma/client.ts'

/**
 * What a person may see: their unit and every unit below it, and whatever is assigned to
 * them wherever it sits (a case handed to a cadre is theirs to open). Each console query
 * takes its ticket filter from here, so a ticket outside the subtree is not found (404),
 * whether it was reached from a menu, a search or a number typed into the address bar.
 */
export type Scope = { unitPath: string; cadreId: string | null }

export const scopeOf = (account: Account & { unit: OrgUnit }): Scope => ({ unitPath: account.unit.path, cadreId: account.cadreId })

export const ticketsIn = (scope: Scope): Prisma.TicketWhereInput => {
  const subtree: Prisma.TicketWhereInput = { unit: { path: { startsWith: scope.unitPath } } }
  return scope.cadreId ? { OR: [subtree, { assigneeId: scope.cadreId }] } : subtree
}

export const unitsIn = (scope: Scope): Prisma.OrgUnitWhereInput => ({ path: { startsWith: scope.unitPath } })
