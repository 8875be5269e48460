import { Hono, type Context } from 'hono'
import { audit, may, scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import { recordCallbackOutcome } from '../../desk/care/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { CallbackOutcome } from '../../desk/vocabulary.ts'
import { doneAt, doneSentence } from './flash.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { refusal } from './reasons.ts'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'
import { maskName, maskPhone, whenAt } from './format.ts'

const kindLabels: Record<string, string> = { quarterly: '按季回访', satisfaction: '办结回访', home_visit: '半年入户走访' }
const levelLabels: Record<string, string> = { general: '一般困难', severe: '深度困难', special: '特殊困难' }
const causeLabels: Record<string, string> = { illness: '因病', education: '子女上学', single_parent: '单亲', disability: '残疾', unemployment: '失业', disaster: '灾害', other: '其他' }
const outcomeLabels: Record<CallbackOutcome, string> = { reached: '已联系上', not_reached: '没联系上，稍后再打', needs_help: '需要帮助，开新工单' }

type Notice = { error?: string; ok?: string; revealed?: string }

/**
 * Calls and visits owed within the person's subtree, soonest first: whom to call (name and
 * phone masked until revealed, each reveal in the audit log, as on a ticket), the ticket it
 * is about, and the outcome form; and the unit's hardship archive.
 */
export function careRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const when = whenAt(desk)
  // Callbacks and records carry a unit id: the subtree's units, once per request.
  const unitsIn = async (c: Context<ConsoleEnv>) =>
    new Map((await desk.db.orgUnit.findMany({ where: { path: { startsWith: c.get('signedIn').account.unit.path } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))
  const open = (sealed: string | null | undefined) => (sealed ? desk.crypto.open(sealed) : null)

  const page = async (c: Context<ConsoleEnv>, notice: Notice = {}, status: 200 | 403 | 404 | 409 | 422 = 200) => {
    const who = c.get('signedIn')
    const units = await unitsIn(c)
    const unitId = { in: [...units.keys()] }
    const [tasks, records] = await Promise.all([
      desk.db.callbackTask.findMany({ where: { status: 'pending', unitId }, orderBy: { dueAt: 'asc' }, take: 100 }),
      desk.db.hardshipRecord.findMany({ where: { exitedAt: null, unitId }, orderBy: { enteredAt: 'asc' }, take: 200 }),
    ])
    const [workers, tickets] = await Promise.all([
      desk.db.worker.findMany({ where: { id: { in: tasks.map((x) => x.workerId) } }, select: { id: true, nameEnc: true, phoneEnc: true } }),
      desk.db.ticket.findMany({ where: { id: { in: tasks.flatMap((x) => (x.ticketId ? [x.ticketId] : [])) } }, select: { id: true, number: true } }),
    ])
    const workerOf = new Map(workers.map((w) => [w.id, w]))
    const numberOf = new Map(tickets.map((x) => [x.id, x.number]))
    const now = desk.now()
    const works = may(who.account.role, 'work')
    const reveals = may(who.account.role, 'reveal')
    const ok = notice.ok ?? (notice.error ? undefined : doneSentence(c))
    return c.html(
      <Page title="回访与帮扶" who={who} csrf={who.session.csrfToken}>
        <h1>回访与帮扶</h1>
        <Notice error={notice.error} ok={ok} />
        <h2>要打的电话、要走访的家庭（{tasks.length}）</h2>
        {tasks.length === 0 ? <p class="card">眼下没有要回访的。</p> : tasks.map((task) => {
          const w = workerOf.get(task.workerId)
          const [name, phone] = [open(w?.nameEnc), open(w?.phoneEnc)]
          const shown = notice.revealed === task.id
          const number = task.ticketId ? numberOf.get(task.ticketId) : undefined
          return (
            <div class="card" id={`cb-${task.id}`}>
              <strong>{kindLabels[task.kind] ?? task.kind}</strong> · {units.get(task.unitId)} · 应在 <span class={task.dueAt <= now ? 'late' : ''}>{when(task.dueAt)}</span> 前{task.attempts > 0 ? `（第 ${task.attempts + 1} 次）` : ''}
              <div>{task.reason}{number ? <> · <a href={`/console/tickets/${number}`}>{number}</a></> : null}</div>
              <div>
                打给：{name ? (shown ? name : maskName(name)) : '未留姓名'}，{phone ? (shown ? <a href={`tel:${phone}`}>{phone}</a> : maskPhone(phone)) : '未留电话'}
                {!shown && reveals && (name || phone) ? (
                  <form class="inline" method="post" action={`/console/callbacks/${task.id}/reveal`}>
                    <Csrf token={who.session.csrfToken} />
                    <button class="quiet" type="submit">查看完整姓名电话（会记录在审计日志）</button>
                  </form>
                ) : null}
              </div>
              {works ? (
                <form method="post" action={`/console/callbacks/${task.id}`}>
                  <Csrf token={who.session.csrfToken} />
                  <label for={`o-${task.id}`}>结果</label>
                  <select id={`o-${task.id}`} name="outcome">{Object.entries(outcomeLabels).map(([k, v]) => <option value={k}>{v}</option>)}</select>
                  <label for={`n-${task.id}`}>情况记录</label>
                  <textarea id={`n-${task.id}`} name="note" maxlength={500} />
                  <button type="submit">记下结果</button>
                </form>
              ) : null}
            </div>
          )
        })}
        <h2>困难职工档案（{records.length}）</h2>
        <table>
          <thead><tr><th>单位</th><th>困难程度</th><th>原因</th><th>家庭人口</th><th>建档</th></tr></thead>
          <tbody>{records.map((r) => (
            <tr><td>{units.get(r.unitId)}</td><td>{levelLabels[r.level] ?? r.level}</td><td>{causeLabels[r.cause] ?? r.cause}</td><td>{r.householdSize ?? '—'}</td><td>{when(r.enteredAt)}</td></tr>
          ))}</tbody>
        </table>
      </Page>,
      status,
    )
  }

  /** A callback of the subtree that is still owed, or null (another subtree's is simply not found). */
  const taskIn = async (c: Context<ConsoleEnv>) =>
    desk.db.callbackTask.findFirst({ where: { id: c.req.param('id'), unitId: { in: [...(await unitsIn(c)).keys()] } } })

  app.get('/callbacks', signedIn(desk), (c) => page(c))
  app.post('/callbacks/:id/reveal', signedIn(desk), csrfChecked, async (c) => {
    const who = c.get('signedIn')
    if (!may(who.account.role, 'reveal')) return page(c, { error: '只读账号看不到职工的完整信息。' }, 403)
    const task = await taskIn(c)
    if (!task) return page(c, { error: '没有这条回访，或者它不归您所在的单位管。' }, 404)
    await audit(desk.db, { accountId: who.account.id, action: 'reveal', ticketId: task.ticketId ?? undefined, data: { fields: ['name', 'phone'], callbackTaskId: task.id }, at: desk.now() })
    return page(c, { revealed: task.id })
  })
  app.post('/callbacks/:id', signedIn(desk), csrfChecked, async (c) => {
    const who = c.get('signedIn')
    if (!may(who.account.role, 'work')) return page(c, { error: '您的账号只能查看。' }, 403)
    const task = await taskIn(c)
    if (!task) return page(c, { error: '没有这条回访，或者它不归您所在的单位管。' }, 404)
    const form = await c.req.parseBody()
    const outcome = CallbackOutcome.safeParse(form.outcome)
    if (!outcome.success) return page(c, { error: '请选一个结果。' }, 422)
    let recorded
    try {
      recorded = await recordCallbackOutcome(desk, { taskId: task.id, outcome: outcome.data, note: typeof form.note === 'string' ? form.note.slice(0, 500) : undefined, actor: `account:${who.account.login}` })
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      const r = refusal(err)
      return page(c, { error: r.message }, r.status)
    }
    await audit(desk.db, { accountId: who.account.id, action: 'callback.recorded', data: { taskId: task.id, outcome: outcome.data }, at: desk.now() })
    // Help needed: the new ticket is where the work goes on (when it was routed within sight).
    const number = recorded.linkedTicketNumber
    if (number && (await desk.db.ticket.count({ where: { AND: [ticketsIn(scopeOf(who.account)), { number }] } }))) return doneAt(c, `/console/tickets/${number}`, 'followup')
    return doneAt(c, '/console/callbacks', 'recorded')
  })
  return app
}
