import type { Db } from '../../db/client.ts'
import { monthKey } from '../../lib/time/index.ts'

/**
 * The three rates government hotlines are judged by (响应率、解决率、满意率), per org
 * unit and month (tickets counted in the month they were opened, Shanghai time):
 *
 * - response rate: first answered by the first-response deadline, out of the tickets
 *   whose first response is due by now or already given;
 * - resolution rate: closed by the resolution deadline, out of the tickets closed or past
 *   that deadline;
 * - satisfaction rate: 满意 plus 基本满意, out of the workers who rated.
 *
 * A rate is null when nothing counts toward it yet. Counts come with every rate so a
 * console can show "37/40" rather than a bare percentage.
 */
export type RateCounts = {
  tickets: number
  responseCounted: number
  respondedOnTime: number
  responseRate: number | null
  resolutionCounted: number
  resolvedOnTime: number
  resolutionRate: number | null
  rated: number
  satisfied: number
  basicallySatisfied: number
  unsatisfied: number
  satisfactionRate: number | null
}
export type UnitRates = RateCounts & { unitId: string; unitCode: string; unitName: string }

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export async function threeRates(db: Db, input: { month: string; unitCode?: string; now: Date }) {
  const m = MONTH.exec(input.month)
  if (!m) throw new RangeError(`month looks like 2026-11, got ${input.month}`)
  const [year, month] = [Number(m[1]), Number(m[2])]
  const root = input.unitCode ? await db.orgUnit.findUnique({ where: { code: input.unitCode } }) : null
  if (input.unitCode && !root) return null
  // A day's margin either side of the UTC month, then the exact local month by key.
  const from = new Date(Date.UTC(year, month - 1, 1) - 86_400_000)
  const to = new Date(Date.UTC(year, month, 1) + 86_400_000)
  const tickets = (
    await db.ticket.findMany({
      where: { createdAt: { gte: from, lt: to }, ...(root ? { unit: { path: { startsWith: root.path } } } : {}) },
      select: {
        createdAt: true, unitId: true, firstResponseDueAt: true, firstRespondedAt: true, resolutionDueAt: true, closedAt: true, satisfaction: true,
        unit: { select: { code: true, name: true, path: true } },
      },
    })
  ).filter((t) => monthKey(t.createdAt) === input.month)

  const now = input.now.getTime()
  const byUnit = new Map<string, { unit: { id: string; code: string; name: string; path: string }; list: typeof tickets }>()
  for (const t of tickets) {
    const entry = byUnit.get(t.unitId) ?? { unit: { id: t.unitId, ...t.unit }, list: [] }
    entry.list.push(t)
    byUnit.set(t.unitId, entry)
  }
  const count = (list: typeof tickets): RateCounts => {
    const responseCounted = list.filter((t) => t.firstRespondedAt || (t.firstResponseDueAt && t.firstResponseDueAt.getTime() <= now))
    const respondedOnTime = responseCounted.filter((t) => t.firstRespondedAt && t.firstResponseDueAt && t.firstRespondedAt <= t.firstResponseDueAt)
    const resolutionCounted = list.filter((t) => t.closedAt || (t.resolutionDueAt && t.resolutionDueAt.getTime() <= now))
    const resolvedOnTime = resolutionCounted.filter((t) => t.closedAt && t.resolutionDueAt && t.closedAt <= t.resolutionDueAt)
    const by = (s: string) => list.filter((t) => t.satisfaction === s).length
    const [satisfied, basicallySatisfied, unsatisfied] = [by('satisfied'), by('basically_satisfied'), by('unsatisfied')]
    const rated = satisfied + basicallySatisfied + unsatisfied
    const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000)
    return {
      tickets: list.length,
      responseCounted: responseCounted.length, respondedOnTime: respondedOnTime.length, responseRate: rate(respondedOnTime.length, responseCounted.length),
      resolutionCounted: resolutionCounted.length, resolvedOnTime: resolvedOnTime.length, resolutionRate: rate(resolvedOnTime.length, resolutionCounted.length),
      rated, satisfied, basicallySatisfied, unsatisfied, satisfactionRate: rate(satisfied + basicallySatisfied, rated),
    }
  }
  const units: UnitRates[] = [...byUnit.values()]
    .sort((a, b) => a.unit.path.localeCompare(b.unit.path))
    .map(({ unit, list }) => ({ unitId: unit.id, unitCode: unit.code, unitName: unit.name, ...count(list) }))
  return { month: input.month, unitCode: root?.code ?? null, units, total: count(tickets) }
}
