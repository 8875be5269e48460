import { Hono, type Context } from 'hono'
import { audit, may, scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { linkRequester, relateTickets, scopedTicket } from '../../desk/tickets/index.ts'
import { normalisePhone } from '../../privacy/field-crypto.ts'
import { csrfChecked, signedIn, trimmedField, type ConsoleEnv } from './session.ts'
import { maskName } from './format.ts'
import { notFound, TicketPage } from './ticket.tsx'

/**
 * Linking, a cadre's act on the record: a web request to a worker the desk knows (after a
 * phone call confirmed who wrote: a phone number alone never links anything), and related
 * tickets to each other (the same dispute written twice, a colleague's case).
 */
export function linkRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const scope = (c: Context<ConsoleEnv>) => ticketsIn(scopeOf(c.get('signedIn').account))
  const actor = (c: Context<ConsoleEnv>) => `account:${c.get('signedIn').account.login}`
  const str = trimmedField
  const show = (c: Context<ConsoleEnv>, t: NonNullable<Awaited<ReturnType<typeof scopedTicket>>>, notice: { error?: string; ok?: string }, status: 200 | 403 | 422 = 200) =>
    c.html(<TicketPage desk={desk} c={c} t={t} {...notice} />, status)

  app.post('/tickets/:number/link-worker', signedIn(desk), csrfChecked, async (c) => {
    const t = await scopedTicket(desk.db, scope(c), c.req.param('number'))
    if (!t) return notFound(c)
    if (!may(c.get('signedIn').account.role, 'work')) return show(c, t, { error: '您的账号不能做这一步。' }, 403)
    const f = await c.req.parseBody()
    const reason = str(f, 'reason', 200)
    const digits = normalisePhone(str(f, 'phone', 20))
    if (digits.length < 11 || !reason) return show(c, t, { error: '请填职工在档案里的手机号，并写明怎么核实的（例如回电确认）。' }, 422)
    const sharing = await desk.db.worker.findMany({
      where: { phoneHash: desk.crypto.blindIndex(digits), id: { not: t.workerId }, tickets: { some: scope(c) } }, include: { identities: true }, take: 20,
    })
    // Every web request is its own identity, so a phone typed on the web is on many records: the
    // worker the desk knows is the one reached on a channel that identifies a person (WeChat).
    const persons = sharing.filter((w) => w.identities.some((i) => desk.channels.spec(i.channel).identity === 'person'))
    const known = persons.length > 0 ? persons : sharing
    if (known.length !== 1) {
      return show(c, t, { error: known.length === 0 ? '本单位及下级没有用这个手机号的职工档案。' : `有 ${known.length} 位职工用这个手机号，请用管理接口按职工编号关联。` }, 422)
    }
    const worker = known[0]!
    await linkRequester(desk, { number: t.number, workerId: worker.id, reason, actor: actor(c) })
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'ticket.linked', ticketId: t.id, data: { to: 'worker' }, at: desk.now() })
    const name = worker.nameEnc ? maskName(desk.crypto.open(worker.nameEnc)) : '这位职工'
    return show(c, (await scopedTicket(desk.db, scope(c), t.number))!, { ok: `已关联到${name}的档案。` })
  })

  app.post('/tickets/:number/relate', signedIn(desk), csrfChecked, async (c) => {
    const t = await scopedTicket(desk.db, scope(c), c.req.param('number'))
    if (!t) return notFound(c)
    if (!may(c.get('signedIn').account.role, 'work')) return show(c, t, { error: '您的账号不能做这一步。' }, 403)
    const f = await c.req.parseBody()
    const other = await scopedTicket(desk.db, scope(c), str(f, 'other', 20).toUpperCase())
    if (!other || other.id === t.id) return show(c, t, { error: '没有这个编号的工单，或者它不归您的单位管。' }, 422)
    await relateTickets(desk, { a: t, b: other, actor: actor(c) })
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'ticket.linked', ticketId: t.id, data: { to: other.number }, at: desk.now() })
    return show(c, (await scopedTicket(desk.db, scope(c), t.number))!, { ok: `已和 ${other.number} 关联。` })
  })
  return app
}
