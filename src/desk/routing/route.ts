import type { Category } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import { sqlFor, type Sql } from '../../db/sql.ts'
import type { Cadre, OrgUnit } from '../../generated/prisma/client.ts'
import type { WorkCalendar } from '../../lib/time/index.ts'
import { unitAndAncestors } from '../people/index.ts'
import type { Severity, Tier } from '../vocabulary.ts'
import { isOnDuty } from './duty.ts'
import { openLoads } from './load.ts'

export type RoutingDecision = { unit: OrgUnit; assignee: Cadre | null; tier: Tier; severity: Severity; reason: string }

/** 三级包保: urgent cases and severe or special hardship are a leader's, one-on-one; the rest go to cadres. */
export function tierFor(input: { urgent: boolean; severity: Severity }): Tier {
  return input.urgent || input.severity === 'severe' ? 'leader' : 'general'
}

/**
 * Picks the cadre for a ticket: in the ticket's unit, or the nearest unit above it that
 * has someone, a cadre who handles the category, is active and not away; on duty before
 * off duty; then the least open tickets relative to capacity, then whoever was assigned
 * longest ago (round robin). Leader-tier tickets go to a leader one-on-one. Urgent ones
 * cannot wait for Monday, so an on-duty leader anywhere up the tree beats an off-duty one
 * in the unit itself. Every other case stays in its unit when its people are off duty: the
 * business-hours clock waits for them too, and a severe hardship case is its own
 * leader's to keep (三级包保).
 */
export async function routeTicket(
  tx: Tx,
  input: { unit: OrgUnit; category: Category; urgent: boolean; now: Date; severity?: Severity; calendar: WorkCalendar },
  opts: { deferTurn?: boolean } = {},
): Promise<RoutingDecision> {
  const severity = input.severity ?? 'general'
  const tier = tierFor({ urgent: input.urgent, severity })
  const calendar = input.calendar
  const units = await unitAndAncestors(tx, input.unit)
  // A unit with no cadre for the category (a small enterprise union run by its chair alone)
  // falls back to its leaders before the case climbs to the unit above.
  const passes: Pass[] = tier === 'leader' ? [{ role: 'leader' }] : [{ role: 'cadre', skill: input.category }, { role: 'leader' }]
  const sql = sqlFor(tx)
  const sweeps = input.urgent ? [{ onDutyOnly: true }, { onDutyOnly: false }] : [{ onDutyOnly: false }]
  for (const sweep of sweeps) {
    for (const unit of units) {
      for (const pass of passes) {
        const candidates = (await cadresFor(sql, unit.id, pass, input.now)).map((c) => ({ c, onDuty: isOnDuty(c, calendar, input.now) }))
        const eligible = sweep.onDutyOnly ? candidates.filter((x) => x.onDuty) : candidates
        if (eligible.length === 0) continue
        const load = await openLoads(tx, eligible.map((x) => x.c.id))
        const ranked = eligible
          .map((x) => ({ ...x, ratio: (load.get(x.c.id) ?? 0) / Math.max(1, x.c.capacity) }))
          .sort(
            (a, b) =>
              Number(b.onDuty) - Number(a.onDuty) ||
              a.ratio - b.ratio ||
              (a.c.lastAssignedAt?.getTime() ?? 0) - (b.c.lastAssignedAt?.getTime() ?? 0),
          )
        const best = ranked[0]!
        if (!opts.deferTurn) await recordTurn(tx, best.c, input.now)
        const where = unit.id === input.unit.id ? 'own unit' : `climbed to ${unit.code}`
        return {
          unit: input.unit, assignee: best.c, tier, severity,
          reason: `${tier} tier, ${best.c.role}, ${where}, ${best.onDuty ? 'on duty' : 'off duty'}, load ${best.ratio.toFixed(2)}`,
        }
      }
    }
  }
  return { unit: input.unit, assignee: null, tier, severity, reason: 'no cadre covers this category in the unit or above' }
}

type Pass = { role: 'cadre' | 'leader'; skill?: Category }

/** Active cadres of the unit in this role (with the skill, if named), not away now, oldest first. Plain SQL: every new ticket asks. */
function cadresFor(sql: Sql, unitId: string, pass: Pass, now: Date): Promise<Cadre[]> {
  return pass.skill ? cadresWithSkill.rows(sql, { unitId, role: pass.role, now, skill: pass.skill }) : cadresInRole.rows(sql, { unitId, role: pass.role, now })
}

const available = (sql: Sql, p: { unitId: string; role: string; now: Date }) =>
  sql.selectFrom('Cadre').selectAll()
    .where('unitId', '=', p.unitId).where('active', '=', true).where('role', '=', p.role)
    .where((eb) => eb.or([eb('awayUntil', 'is', null), eb('awayUntil', '<=', p.now)]))
    .orderBy('createdAt', 'asc')
const cadresInRole = prepare<{ unitId: string; role: string; now: Date }>()(available)
const cadresWithSkill = prepare<{ unitId: string; role: string; now: Date; skill: string }>()((sql, p) =>
  available(sql, p).where((eb) => eb.exists(eb.selectFrom('CadreSkill').select('CadreSkill.cadreId').whereRef('CadreSkill.cadreId', '=', 'Cadre.id').where('CadreSkill.category', '=', p.skill))),
)
const takeTurn = prepare<{ id: string; at: Date }>()((sql, p) => sql.updateTable('Cadre').set({ lastAssignedAt: p.at }).where('id', '=', p.id))

/**
 * The assignee's turn in the round robin. Every ticket routed to a cadre writes their row,
 * so concurrent transactions (several processes on PostgreSQL) queue on it: a caller that
 * does more work after routing defers this to just before its commit (`deferTurn`), to hold
 * that row for as short a time as it can.
 */
export async function recordTurn(tx: Tx, assignee: Cadre, now: Date): Promise<void> {
  await takeTurn.run(tx, { id: assignee.id, at: now })
}
