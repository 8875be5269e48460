import { Hono, type Context } from 'hono'
import { audit, may, scopeOf, ticketsIn, type AuditAction } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { addNote, askWorker, closeTicket, correctClassification, reassignTicket, replyToTicket, scopedTicket } from '../../desk/tickets/index.ts'
import { Category } from '../../classify/types.ts'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'
import { cannedFor } from './canned.tsx'
import { notFound, TicketPage } from './ticket.tsx'

export function ticketRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const load = (c: Context<ConsoleEnv>) => scopedTicket(desk.db, ticketsIn(scopeOf(c.get('signedIn').account)), c.req.param('number') ?? '')

  // The people a ticket can be handed to: active cadres within the signed-in person's subtree.
  const cadresInScope = async (c: Context<ConsoleEnv>) =>
    (await desk.db.cadre.findMany({ where: { active: true, unit: { path: { startsWith: c.get('signedIn').account.unit.path } } }, include: { unit: true }, orderBy: { name: 'asc' } }))
      .map((x) => ({ id: x.id, name: x.name, unit: x.unit.name }))
  const show = async (c: Context<ConsoleEnv>, t: NonNullable<Awaited<ReturnType<typeof load>>>, extra: { error?: string; ok?: string; revealed?: boolean; draft?: string } = {}, status: 200 | 403 | 422 = 200) =>
    c.html(<TicketPage desk={desk} c={c} t={t} cadres={await cadresInScope(c)} canned={await cannedFor(desk, t.unit)} {...extra} />, status)

  app.get('/tickets/:number', signedIn(desk), async (c) => {
    const t = await load(c)
    if (!t) return notFound(c)
    // ?canned=<id>: the reply box comes filled with that answer, to edit before sending (no script needed).
    const chosen = c.req.query('canned')
    const draft = chosen ? (await cannedFor(desk, t.unit)).find((r) => r.id === chosen)?.text : undefined
    return show(c, t, draft ? { draft } : {})
  })

  app.post('/tickets/:number/reveal', signedIn(desk), csrfChecked, async (c) => {
    const t = await load(c)
    if (!t) return notFound(c)
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'reveal', ticketId: t.id, data: { fields: ['name', 'phone'] }, at: desk.now() })
    return show(c, t, { revealed: true })
  })

  type Action = 'reply' | 'ask' | 'close' | 'note' | 'reclassify' | 'reassign'
  const audited: Record<Action, AuditAction> = {
    reply: 'ticket.replied', ask: 'ticket.asked', close: 'ticket.closed', note: 'ticket.noted', reclassify: 'ticket.reclassified', reassign: 'ticket.reassigned',
  }
  const act = (action: Action, run: (number: string, form: Record<string, unknown>, c: Context<ConsoleEnv>) => Promise<unknown>, done: string) =>
    app.post(`/tickets/:number/${action}`, signedIn(desk), csrfChecked, async (c) => {
      const who = c.get('signedIn')
      const t = await load(c)
      if (!t) return notFound(c)
      if (!may(who.account.role, action === 'reassign' ? 'reassign' : 'work')) return show(c, t, { error: '您的账号不能做这一步。' }, 403)
      try {
        await run(t.number, await c.req.parseBody(), c)
      } catch (err) {
        if (err instanceof DeskError) return show(c, t, { error: err.message }, 422)
        throw err
      }
      await audit(desk.db, { accountId: who.account.id, action: audited[action], ticketId: t.id, at: desk.now() })
      return show(c, (await load(c))!, { ok: done })
    })

  const text = (form: Record<string, unknown>, name: string, max: number) => {
    const v = typeof form[name] === 'string' ? (form[name] as string).trim() : ''
    if (!v && name === 'text') throw new DeskError('account_invalid', '请先写好内容再发送。')
    if (v.length > max) throw new DeskError('account_invalid', `内容太长了（最多 ${max} 字）。`)
    return v
  }
  const actor = (c: Context<ConsoleEnv>) => `account:${c.get('signedIn').account.login}`
  const cadreId = (c: Context<ConsoleEnv>) => c.get('signedIn').account.cadreId ?? undefined
  act('reply', (number, f, c) => replyToTicket(desk, { number, text: text(f, 'text', 2000), cadreId: cadreId(c), actor: actor(c) }), '答复已发出。')
  act('ask', (number, f, c) => askWorker(desk, { number, text: text(f, 'text', 2000), cadreId: cadreId(c), actor: actor(c) }), '问题已发给职工，等回复期间暂停计时。')
  act('close', (number, f, c) => closeTicket(desk, { number, summary: text(f, 'summary', 500) || undefined, actor: actor(c) }), '已办结，职工会收到评价邀请。')
  act('note', async (number, f, c) => {
    const ticket = await desk.db.ticket.findUniqueOrThrow({ where: { number } })
    await addNote(desk, { ticketId: ticket.id, text: text(f, 'text', 2000), actor: actor(c) })
  }, '备注已保存。')
  act('reclassify', (number, f, c) => {
    const category = Category.safeParse(f.category)
    if (!category.success) throw new DeskError('account_invalid', '请选一个类别。')
    return correctClassification(desk, { number, category: category.data, urgent: f.urgent === '1', actor: actor(c) })
  }, '类别已更正。')
  act('reassign', async (number, f, c) => {
    const to = typeof f.cadreId === 'string' ? f.cadreId : ''
    // Only to someone within the subtree: a cadre id from elsewhere is refused like a missing one.
    if (!(await cadresInScope(c)).some((x) => x.id === to)) throw new DeskError('cadre_not_found', '只能转交给本单位及下级单位的干部。')
    const reason = typeof f.reason === 'string' ? f.reason.trim().slice(0, 200) : ''
    if (!reason) throw new DeskError('account_invalid', '请写一句转交原因。')
    return reassignTicket(desk, { number, cadreId: to, reason, actor: actor(c) })
  }, '已转交。')
  return app
}
