import type { Db } from '../../db/client.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { monthKey } from '../../lib/time/index.ts'
import { openStatuses } from '../vocabulary.ts'

/** The last `count` months up to `now`'s, oldest first ("2026-07" … "2026-12"), Shanghai time. */
export function recentMonths(now: Date, count: number): string[] {
  const [y, m] = monthKey(now).split('-').map(Number) as [number, number]
  return Array.from({ length: count }, (_, i) => {
    const back = new Date(Date.UTC(y, m - 1 - (count - 1 - i), 1))
    return `${back.getUTCFullYear()}-${String(back.getUTCMonth() + 1).padStart(2, '0')}`
  })
}

/** Tickets opened per month and category, within `scope`. */
export async function categoryTrend(db: Db, scope: Prisma.TicketWhereInput, now: Date, months = 6) {
  const keys = recentMonths(now, months)
  const since = new Date(Date.UTC(Number(keys[0]!.slice(0, 4)), Number(keys[0]!.slice(5)) - 1, 1) - 86_400_000)
  const rows = await db.ticket.findMany({ where: { AND: [scope, { createdAt: { gte: since } }] }, select: { createdAt: true, category: true } })
  const counts = new Map<string, Map<string, number>>(keys.map((k) => [k, new Map()]))
  for (const r of rows) {
    const month = counts.get(monthKey(r.createdAt))
    if (month) month.set(r.category, (month.get(r.category) ?? 0) + 1)
  }
  return keys.map((month) => ({ month, byCategory: Object.fromEntries(counts.get(month)!) as Record<string, number> }))
}

/** Open tickets per cadre against their capacity, within `scope`, busiest first. */
export async function workload(db: Db, scope: Prisma.TicketWhereInput, unitPath: string) {
  const [cadres, open] = await Promise.all([
    db.cadre.findMany({ where: { unit: { path: { startsWith: unitPath } }, active: true }, include: { unit: { select: { name: true } } } }),
    db.ticket.groupBy({ by: ['assigneeId'], where: { AND: [scope, { status: { in: openStatuses }, assigneeId: { not: null } }] }, _count: true }),
  ])
  const load = new Map(open.map((o) => [o.assigneeId, o._count]))
  return cadres
    .map((c) => ({ name: c.name, unit: c.unit.name, open: load.get(c.id) ?? 0, capacity: c.capacity }))
    .sort((a, b) => b.open / Math.max(1, b.capacity) - a.open / Math.max(1, a.capacity) || a.name.localeCompare(b.name))
}

/** The open tickets that have waited longest, within `scope`. */
export function oldestOpen(db: Db, scope: Prisma.TicketWhereInput, take = 10) {
  return db.ticket.findMany({
    where: { AND: [scope, { status: { in: openStatuses } }] },
    orderBy: { createdAt: 'asc' },
    take,
    select: { number: true, category: true, createdAt: true, status: true, unit: { select: { name: true } }, assignee: { select: { name: true } } },
  })
}
