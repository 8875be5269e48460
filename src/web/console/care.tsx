import { Hono, type Context } from 'hono'
import { audit, may } from '../../desk/accounts/index.ts'
import { recordCallbackOutcome } from '../../desk/care/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { CallbackOutcome } from '../../desk/vocabulary.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, type ConsoleEnv } from './session.ts'
import { when } from './format.ts'

const kindLabels: Record<string, string> = { quarterly: '按季回访', satisfaction: '办结回访', home_visit: '半年入户走访' }
const levelLabels: Record<string, string> = { general: '一般困难', severe: '深度困难', special: '特殊困难' }
const causeLabels: Record<string, string> = { illness: '因病', education: '子女上学', single_parent: '单亲', disability: '残疾', unemployment: '失业', disaster: '灾害', other: '其他' }
const outcomeLabels: Record<CallbackOutcome, string> = { reached: '已联系上', not_reached: '没联系上，稍后再打', needs_help: '需要帮助，开新工单' }

/** Calls and visits owed within the person's subtree, soonest first, each with its outcome form; and the unit's hardship archive. */
export function careRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  // Callbacks and records carry a unit id: the subtree's units, once per request.
  const unitsIn = async (c: Context<ConsoleEnv>) =>
    new Map((await desk.db.orgUnit.findMany({ where: { path: { startsWith: c.get('signedIn').account.unit.path } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]))

  const page = async (c: Context<ConsoleEnv>, notice: { error?: string; ok?: string } = {}, status: 200 | 403 | 404 | 422 = 200) => {
    const who = c.get('signedIn')
    const units = await unitsIn(c)
    const unitId = { in: [...units.keys()] }
    const [tasks, records] = await Promise.all([
      desk.db.callbackTask.findMany({ where: { status: 'pending', unitId }, orderBy: { dueAt: 'asc' }, take: 100 }),
      desk.db.hardshipRecord.findMany({ where: { exitedAt: null, unitId }, orderBy: { enteredAt: 'asc' }, take: 200 }),
    ])
    const now = desk.now()
    const works = may(who.account.role, 'work')
    return c.html(
      <Page title="回访与帮扶" who={who} csrf={who.session.csrfToken}>
        <h1>回访与帮扶</h1>
        <Notice {...notice} />
        <h2>要打的电话、要走访的家庭（{tasks.length}）</h2>
        {tasks.length === 0 ? <p class="card">眼下没有要回访的。</p> : tasks.map((task) => (
          <div class="card">
            <strong>{kindLabels[task.kind] ?? task.kind}</strong> · {units.get(task.unitId)} · 应在 <span class={task.dueAt <= now ? 'late' : ''}>{when(task.dueAt)}</span> 前{task.attempts > 0 ? `（第 ${task.attempts + 1} 次）` : ''}
            <div>{task.reason}</div>
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
        ))}
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

  app.get('/callbacks', signedIn(desk), (c) => page(c))
  app.post('/callbacks/:id', signedIn(desk), csrfChecked, async (c) => {
    const who = c.get('signedIn')
    if (!may(who.account.role, 'work')) return page(c, { error: '您的账号只能查看。' }, 403)
    const task = await desk.db.callbackTask.findFirst({ where: { id: c.req.param('id'), unitId: { in: [...(await unitsIn(c)).keys()] } } })
    if (!task) return page(c, { error: '没有这条回访，或者它不归您所在的单位管。' }, 404)
    const form = await c.req.parseBody()
    const outcome = CallbackOutcome.safeParse(form.outcome)
    if (!outcome.success) return page(c, { error: '请选一个结果。' }, 422)
    try {
      await recordCallbackOutcome(desk, { taskId: task.id, outcome: outcome.data, note: typeof form.note === 'string' ? form.note.slice(0, 500) : undefined, actor: `account:${who.account.login}` })
    } catch (err) {
      if (err instanceof DeskError) return page(c, { error: err.message }, 422)
      throw err
    }
    await audit(desk.db, { accountId: who.account.id, action: 'callback.recorded', data: { taskId: task.id, outcome: outcome.data }, at: desk.now() })
    return page(c, { ok: '已记下。' })
  })
  return app
}
