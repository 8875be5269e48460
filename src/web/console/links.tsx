import { Hono, type Context } from 'hono'
import { audit, may, scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { linkRequester, relateTickets } from '../../desk/tickets/index.ts'
import { normalisePhone } from '../../privacy/field-crypto.ts'
import { csrfChecked, signedIn, trimmedField, type ConsoleEnv } from './session.ts'
import { doneAt } from './flash.ts'
import { maskName, maskPhone, whenAt } from './format.ts'
import { refusal } from './reasons.ts'
import { notFound, type Candidate, type Loaded } from './ticket.tsx'
import { loadTicket, renderTicket } from './ticket-view.tsx'

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
  const when = whenAt(desk)

  /**
   * The workers of the subtree with this phone on their record, other than the request's own.
   * Every web request is its own identity, so a phone typed on the web is on many records: the
   * workers the desk knows are the ones reached on a channel that identifies a person (WeChat),
   * when there are any.
   */
  const sharing = async (c: Context<ConsoleEnv>, t: Loaded, digits: string) => {
    const found = await desk.db.worker.findMany({
      where: { phoneHash: desk.crypto.blindIndex(digits), id: { not: t.workerId }, tickets: { some: scope(c) } },
      include: { identities: true, unit: true, tickets: { where: scope(c), orderBy: { createdAt: 'desc' }, take: 1, include: { unit: true } } },
      take: 20,
    })
    const persons = found.filter((w) => w.identities.some((i) => desk.channels.spec(i.channel).identity === 'person'))
    return persons.length > 0 ? persons : found
  }
  const candidate = (w: Awaited<ReturnType<typeof sharing>>[number]): Candidate => {
    const latest = w.tickets[0]
    return {
      id: w.id,
      name: w.nameEnc ? maskName(desk.crypto.open(w.nameEnc)) : '未留姓名',
      phone: w.phoneEnc ? maskPhone(desk.crypto.open(w.phoneEnc)) : '未留电话',
      unit: w.unit?.name ?? latest?.unit.name ?? '单位不详',
      latest: latest ? `${latest.number}（${when(latest.createdAt)}）` : '没有工单',
    }
  }

  app.post('/tickets/:number/link-worker', signedIn(desk), csrfChecked, async (c) => {
    const t = await loadTicket(desk, c)
    if (!t) return notFound(c)
    if (!may(c.get('signedIn').account.role, 'work')) return renderTicket(desk, c, t, { error: '您的账号不能做这一步。' }, 403)
    const f = await c.req.parseBody()
    const reason = str(f, 'reason', 200)
    const typed = str(f, 'phone', 20)
    const digits = normalisePhone(typed)
    const again = { linkPhone: typed, linkReason: reason }
    if (digits.length < 11 || !reason) return renderTicket(desk, c, t, { ...again, error: '请填职工在档案里的手机号，并写明怎么核实的（例如回电确认）。' }, 422)
    const known = await sharing(c, t, digits)
    if (known.length === 0) return renderTicket(desk, c, t, { ...again, error: '本单位及下级没有用这个手机号的职工档案。' }, 422)
    // Several records with one phone: the cadre chooses the one they confirmed, among these only.
    const chosen = known.length === 1 ? known[0] : known.find((w) => w.id === str(f, 'workerId', 40))
    if (!chosen) {
      const candidates = known.map(candidate)
      const error = str(f, 'workerId', 40) ? '请在下面列出的档案里选一位。' : `有 ${known.length} 位职工的档案用这个手机号，请选您回电核实过的那一位。`
      return renderTicket(desk, c, t, { ...again, candidates, error }, 422)
    }
    try {
      await linkRequester(desk, { number: t.number, workerId: chosen.id, reason, actor: actor(c) })
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      const r = refusal(err, { unchanged: '这件工单已经在这位职工的档案里了。' })
      return renderTicket(desk, c, t, { ...again, error: r.message }, r.status)
    }
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'ticket.linked', ticketId: t.id, data: { to: 'worker' }, at: desk.now() })
    return doneAt(c, `/console/tickets/${t.number}`, 'linked')
  })

  app.post('/tickets/:number/relate', signedIn(desk), csrfChecked, async (c) => {
    const t = await loadTicket(desk, c)
    if (!t) return notFound(c)
    if (!may(c.get('signedIn').account.role, 'work')) return renderTicket(desk, c, t, { error: '您的账号不能做这一步。' }, 403)
    const f = await c.req.parseBody()
    const typed = str(f, 'other', 20).normalize('NFKC').replace(/\s+/g, '').toUpperCase()
    if (typed === t.number) return renderTicket(desk, c, t, { error: '这就是本工单的编号。请填另一件工单的编号。' }, 422)
    const other = typed ? await loadTicket(desk, c, typed) : null
    if (!other) return renderTicket(desk, c, t, { error: `没有编号为 ${typed || '（空）'} 的工单，或者它不归您的单位管。` }, 422)
    try {
      await relateTickets(desk, { a: t, b: other, actor: actor(c) })
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      const r = refusal(err, { unchanged: `这两件工单已经关联过了（${t.number} 和 ${other.number}）。` })
      return renderTicket(desk, c, t, { error: r.message }, r.status)
    }
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'ticket.linked', ticketId: t.id, data: { to: other.number }, at: desk.now() })
    return doneAt(c, `/console/tickets/${t.number}`, 'related')
  })
  return app
}
