import { Hono, type Context } from 'hono'
import { audit, may, type AuditAction } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { addNote, askWorker, closeTicket, correctClassification, reassignTicket, replyToTicket } from '../../desk/tickets/index.ts'
import { Category } from '../../classify/types.ts'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'
import { cannedFor } from './canned.tsx'
import { doneAt, type Done } from './flash.ts'
import { refusal } from './reasons.ts'
import { notFound, sharesLocation, type Loaded } from './ticket.tsx'
import { cadresInScope, loadTicket, renderTicket } from './ticket-view.tsx'

/** A form's refusal of what was typed, in the words the page shows (422). */
const invalid = (message: string) => new DeskError('account_invalid', message)

export function ticketRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const load = (c: Context<ConsoleEnv>) => loadTicket(desk, c)

  app.get('/tickets/:number', signedIn(desk), async (c) => {
    const t = await load(c)
    if (!t) return notFound(c)
    // ?canned=<id>: the reply box comes filled with that answer, to edit before sending (no script needed).
    const chosen = c.req.query('canned')
    const draft = chosen ? (await cannedFor(desk, t.unit)).find((r) => r.id === chosen)?.text : undefined
    return renderTicket(desk, c, t, draft ? { draft } : {})
  })

  app.post('/tickets/:number/reveal', signedIn(desk), csrfChecked, async (c) => {
    const t = await load(c)
    if (!t) return notFound(c)
    if (!may(c.get('signedIn').account.role, 'reveal')) return renderTicket(desk, c, t, { error: '只读账号看不到职工的完整信息。需要时请找经办的干部。' }, 403)
    await audit(desk.db, { accountId: c.get('signedIn').account.id, action: 'reveal', ticketId: t.id, data: { fields: ['name', 'phone', 'facts', ...(sharesLocation(t) ? ['location'] : [])] }, at: desk.now() })
    return renderTicket(desk, c, t, { revealed: true })
  })

  type Action = 'reply' | 'ask' | 'close' | 'note' | 'reclassify' | 'reassign'
  const audited: Record<Action, AuditAction> = {
    reply: 'ticket.replied', ask: 'ticket.asked', close: 'ticket.closed', note: 'ticket.noted', reclassify: 'ticket.reclassified', reassign: 'ticket.reassigned',
  }
  /** Words for a refusal that this action says better than the desk's general ones. */
  const own: Partial<Record<Action, Partial<Record<DeskError['code'], string>>>> = {
    reclassify: { unchanged: '类别和紧急程度都和原来一样，没有改动。' },
    reassign: { already_assigned: '这件工单本来就在这位干部手上，不用转交。', cadre_not_found: '只能转交给本单位及下级单位在岗的干部。' },
  }
  /**
   * One action on a ticket: refused in Chinese with the page as it was (409 when the ticket is
   * closed, 422 for what was typed), and when it worked, a redirect to the ticket saying so.
   * `run` answers what was done, and whether it was done now (not fresh: the same form posted twice).
   */
  const act = (action: Action, run: (t: Loaded, form: Record<string, unknown>, c: Context<ConsoleEnv>) => Promise<{ done: Done; fresh: boolean }>) =>
    app.post(`/tickets/:number/${action}`, signedIn(desk), csrfChecked, async (c) => {
      const who = c.get('signedIn')
      const t = await load(c)
      if (!t) return notFound(c)
      if (!may(who.account.role, action === 'reassign' ? 'reassign' : 'work')) return renderTicket(desk, c, t, { error: '您的账号不能做这一步。' }, 403)
      const form = await c.req.parseBody()
      let result
      try {
        result = await run(t, form, c)
      } catch (err) {
        if (!(err instanceof DeskError)) throw err
        const r = refusal(err, own[action])
        const draft = action === 'reply' && typeof form.text === 'string' ? form.text.slice(0, 2000) : undefined
        return renderTicket(desk, c, (await load(c)) ?? t, { error: r.message, draft }, r.status)
      }
      if (result.fresh) await audit(desk.db, { accountId: who.account.id, action: audited[action], ticketId: t.id, at: desk.now() })
      return doneAt(c, `/console/tickets/${t.number}`, result.done)
    })

  const text = (form: Record<string, unknown>, name: string, max: number, empty: string) => {
    const v = typeof form[name] === 'string' ? (form[name] as string).trim() : ''
    if (!v) throw invalid(empty)
    if (v.length > max) throw invalid(`内容太长了（最多 ${max} 字）。`)
    return v
  }
  const actor = (c: Context<ConsoleEnv>) => `account:${c.get('signedIn').account.login}`
  const cadreId = (c: Context<ConsoleEnv>) => c.get('signedIn').account.cadreId ?? undefined
  const fresh = (done: Done) => ({ done, fresh: true })

  act('reply', async (t, f, c) => {
    // The form's one-time id (ticket.tsx): a second post of the same form sends nothing more.
    const once = typeof f.once === 'string' && /^[\w-]{8,64}$/.test(f.once) ? `${t.id}:${f.once}` : undefined
    const sent = await replyToTicket(desk, { number: t.number, text: text(f, 'text', 2000, '请先写好答复再发送。'), cadreId: cadreId(c), actor: actor(c), onceKey: once })
    return { done: 'replied', fresh: !sent.duplicate }
  })
  act('ask', async (t, f, c) => {
    await askWorker(desk, { number: t.number, text: text(f, 'text', 2000, '请先写好要问职工的话。'), cadreId: cadreId(c), actor: actor(c) })
    return fresh('asked')
  })
  act('close', async (t, f, c) => {
    // The worker reads the resolution with the request to rate it: a case is not closed on nothing.
    await closeTicket(desk, { number: t.number, summary: text(f, 'summary', 500, '请写一句办结说明：怎么解决的，职工会看到这句话。'), actor: actor(c) })
    return fresh('closed')
  })
  act('note', async (t, f, c) => {
    await addNote(desk, { ticketId: t.id, text: text(f, 'text', 2000, '请先写好备注。'), actor: actor(c) })
    return fresh('noted')
  })
  act('reclassify', async (t, f, c) => {
    const category = Category.safeParse(f.category)
    if (!category.success) throw invalid('请选一个类别。')
    await correctClassification(desk, { number: t.number, category: category.data, urgent: f.urgent === '1', actor: actor(c) })
    return fresh('reclassified')
  })
  act('reassign', async (t, f, c) => {
    const to = typeof f.cadreId === 'string' ? f.cadreId : ''
    // Only to someone within the subtree: a cadre id from elsewhere is refused like a missing one.
    const cadre = (await cadresInScope(desk, c)).find((x) => x.id === to)
    if (!cadre) throw new DeskError('cadre_not_found', `No active cadre ${to} in the subtree.`)
    const reason = typeof f.reason === 'string' ? f.reason.trim().slice(0, 200) : ''
    if (!reason) throw invalid('请写一句转交原因，接手的干部会看到。')
    const unitBefore = t.unitId
    await reassignTicket(desk, { number: t.number, cadreId: to, reason, actor: actor(c) })
    const after = await desk.db.ticket.findUniqueOrThrow({ where: { id: t.id }, select: { unitId: true } })
    return fresh(after.unitId === unitBefore ? 'reassigned' : 'moved')
  })
  return app
}
