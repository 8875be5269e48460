import type { Context } from 'hono'
import { may, scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { relatedNumbers, scopedTicket } from '../../desk/tickets/index.ts'
import { cannedFor } from './canned.tsx'
import { doneSentence } from './flash.ts'
import type { ConsoleEnv } from './session.ts'
import { TicketPage, type Candidate, type Loaded } from './ticket.tsx'
import type { Names } from './timeline.ts'

/** The ticket with this number within the signed-in person's sight (any case of letters: nj-261125-0007 is NJ-261125-0007). */
export const loadTicket = (desk: Desk, c: Context<ConsoleEnv>, number = c.req.param('number') ?? '') =>
  scopedTicket(desk.db, ticketsIn(scopeOf(c.get('signedIn').account)), number.trim().toUpperCase())

/** The people a ticket can be handed to: active cadres within the signed-in person's subtree. */
export const cadresInScope = async (desk: Desk, c: Context<ConsoleEnv>) =>
  (await desk.db.cadre.findMany({ where: { active: true, unit: { path: { startsWith: c.get('signedIn').account.unit.path } } }, include: { unit: true }, orderBy: { name: 'asc' } }))
    .map((x) => ({ id: x.id, name: x.name, unit: x.unit.name }))

/** The cadres, units and people a ticket's timeline names by id or sign-in name. */
async function namesOn(desk: Desk, t: Loaded): Promise<Names> {
  const cadreIds = new Set<string>(t.assigneeId ? [t.assigneeId] : [])
  const unitIds = new Set<string>()
  const logins = new Set<string>()
  for (const e of t.events) {
    if (e.actor?.startsWith('account:')) logins.add(e.actor.slice('account:'.length))
    if (e.actor?.startsWith('cadre:')) cadreIds.add(e.actor.slice('cadre:'.length))
    let d: Record<string, unknown> = {}
    try {
      d = (JSON.parse(e.data ?? '{}') as Record<string, unknown>) ?? {}
    } catch {
      continue
    }
    for (const k of ['assigneeId', 'fromCadreId', 'toCadreId']) if (typeof d[k] === 'string') cadreIds.add(d[k] as string)
    for (const k of ['unitId', 'fromUnitId', 'toUnitId']) if (typeof d[k] === 'string') unitIds.add(d[k] as string)
  }
  const [cadres, units, accounts] = await Promise.all([
    desk.db.cadre.findMany({ where: { id: { in: [...cadreIds] } }, select: { id: true, name: true, unit: { select: { name: true } } } }),
    desk.db.orgUnit.findMany({ where: { id: { in: [...unitIds] } }, select: { id: true, name: true } }),
    desk.db.account.findMany({ where: { login: { in: [...logins] } }, select: { login: true, displayName: true, cadre: { select: { name: true } } } }),
  ])
  return {
    cadre: new Map(cadres.map((x) => [x.id, { name: x.name, unit: x.unit.name }])),
    unit: new Map(units.map((u) => [u.id, u.name])),
    account: new Map(accounts.map((a) => [a.login, a.cadre?.name ?? a.displayName])),
  }
}

export type TicketExtras = { error?: string; ok?: string; revealed?: boolean; draft?: string; candidates?: Candidate[]; linkPhone?: string; linkReason?: string }

/**
 * A ticket's page with everything on it (the timeline in names, related tickets, canned
 * answers, the people it can be handed to), whatever brought the cadre here: opening it, a
 * refusal, a reveal. After an action that worked the page is reached by a redirect (flash.ts).
 */
export async function renderTicket(desk: Desk, c: Context<ConsoleEnv>, t: Loaded, extra: TicketExtras = {}, status: 200 | 403 | 404 | 409 | 422 = 200) {
  const who = c.get('signedIn')
  const [names, related, canned, cadres] = await Promise.all([
    namesOn(desk, t),
    relatedNumbers(desk.db, t.id),
    cannedFor(desk, t.unit),
    may(who.account.role, 'reassign') ? cadresInScope(desk, c) : Promise.resolve(undefined),
  ])
  const ok = extra.ok ?? (extra.error ? undefined : doneSentence(c))
  return c.html(<TicketPage desk={desk} c={c} t={t} names={names} related={related} canned={canned} cadres={cadres} {...extra} ok={ok} />, status)
}
