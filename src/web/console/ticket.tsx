import type { Context } from 'hono'
import { may } from '../../desk/accounts/index.ts'
import { describeFacts, readTicketFacts } from '../../desk/conversation/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { locationOfMessage, type SharedLocation } from '../../desk/people/index.ts'
import type { scopedTicket } from '../../desk/tickets/index.ts'
import { categoryLabels } from '../../desk/vocabulary.ts'
import type { Category } from '../../classify/types.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import type { ConsoleEnv } from './session.ts'
import { cadreStatusLabels, maskName, maskPhone, whenAt } from './format.ts'
import { actorLabel, describeEvent, outgoingLabel, type Names } from './timeline.ts'

export type Loaded = NonNullable<Awaited<ReturnType<typeof scopedTicket>>>

/** A worker record a web request may be linked to, as a cadre chooses among several with one phone. */
export type Candidate = { id: string; name: string; phone: string; unit: string; latest: string }

export const notFound = (c: Context<ConsoleEnv>) =>
  c.html(
    <Page title="没有这个工单" who={c.get('signedIn')} csrf={c.get('signedIn').session.csrfToken}>
      <p class="card">没有这个工单，或者它不归您所在的单位管。请检查编号，或回到 <a href="/console">工单列表</a>。</p>
    </Page>,
    404,
  )

type Props = {
  desk: Desk; c: Context<ConsoleEnv>; t: Loaded; names: Names; related: string[]; cadres?: { id: string; name: string; unit: string }[]
  canned?: { id: string; title: string; text: string }[]; draft?: string; revealed?: boolean; error?: string; ok?: string
  candidates?: Candidate[]; linkPhone?: string; linkReason?: string
}

export function TicketPage(p: Props) {
  const { desk, c, t, names } = p
  const when = whenAt(desk)
  const who = c.get('signedIn')
  const csrf = who.session.csrfToken
  const open = (sealed: string | null) => (sealed ? desk.crypto.open(sealed) : null)
  const name = open(t.worker.nameEnc)
  const phone = open(t.worker.phoneEnc)
  const revealed = p.revealed === true && may(who.account.role, 'reveal')
  // What the conversation gathered; sensitive facts (income, health) are masked like the phone number.
  const facts = describeFacts(t.category as Category, readTicketFacts(desk.crypto, t))
  const deliveryOf = new Map(t.deliveries.map((d) => [d.messageId, d]))
  const entries = [
    ...t.messages.map((m) => {
      const d = deliveryOf.get(m.id)
      const note = m.direction === 'in' ? '职工' : m.kind === 'auto' ? '服务台自动提问' : `${outgoingLabel(d?.purpose)} ${deliveryNote(d)}`.trim()
      // A shared location is sealed on the message: '[位置]' until a reveal (audited) opens it.
      const place = revealed && hasLocation(m) ? locationOfMessage(desk.crypto, m.media) : null
      return { at: m.createdAt, kind: m.direction as 'in' | 'out', text: place ? `${m.text} ${placeText(place)}` : m.text, note, href: null as string | null }
    }),
    ...t.events.map((e) => ({
      at: e.createdAt, kind: e.type === 'ticket.noted' ? ('note' as const) : ('event' as const),
      text: e.type === 'ticket.noted' ? noteText(e.data) : describeEvent(e, names),
      note: e.type === 'ticket.noted' ? `内部备注（职工看不到） ${actorLabel(e.actor, names)}` : actorLabel(e.actor, names),
      href: e.type === 'ticket.related' ? ticketHref(relatedNumber(e.data)) : null,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime())
  const works = may(who.account.role, 'work') && t.status !== 'closed'
  const form = (action: string) => `/console/tickets/${t.number}/${action}`
  return (
    <Page title={t.number} who={who} csrf={csrf}>
      <h1>
        {t.number} · {categoryLabels[t.category as Category] ?? t.category} {t.urgent ? <span class="tag urgent">紧急</span> : null}
      </h1>
      <Notice error={p.error} ok={p.ok} />
      <div class="card">
        <dl class="facts">
          <dt>状态</dt><dd>{cadreStatusLabels[t.status] ?? t.status}{t.slaPausedAt ? '（计时暂停）' : ''}</dd>
          <dt>单位 / 经办</dt><dd>{t.unit.name} / {t.assignee?.name ?? '未分派'}</dd>
          <dt>首次答复期限 / 办结期限</dt><dd>{when(t.firstResponseDueAt)} / {when(t.resolutionDueAt)}</dd>
          <dt>职工</dt>
          <dd>
            {name ? (revealed ? name : maskName(name)) : '未留姓名'}，{phone ? (revealed ? phone : maskPhone(phone)) : '未留电话'}
            {!revealed && may(who.account.role, 'reveal') && (name || phone || facts.some((f) => f.sensitive) || sharesLocation(t)) ? (
              <form class="inline" method="post" action={form('reveal')}>
                <Csrf token={csrf} />
                <button class="quiet" type="submit">查看完整信息（会记录在审计日志）</button>
              </form>
            ) : null}
          </dd>
          {facts.map((f) => (
            <>
              <dt>{f.label}</dt>
              <dd>{f.sensitive && !revealed ? (may(who.account.role, 'reveal') ? '（敏感信息，点“查看完整信息”后显示）' : '（敏感信息）') : f.value}</dd>
            </>
          ))}
          {p.related.length ? (
            <>
              <dt>关联工单</dt>
              <dd>{p.related.map((n, i) => <>{i ? '、' : ''}<a href={ticketHref(n) ?? '#'}>{n}</a></>)}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <h2>经过</h2>
      <ol class="timeline">
        {entries.map((e) => (
          <li class={e.kind}>
            <div class="meta">{when(e.at)} · {e.note}</div>
            <div class="text">{e.href ? <a href={e.href}>{e.text}</a> : e.text}</div>
          </li>
        ))}
      </ol>
      {works ? <TicketForms {...p} form={form} csrf={csrf} /> : null}
    </Page>
  )
}

/** What a cadre does with an open ticket: each a form that posts back and comes back here (post/redirect/get). */
function TicketForms(p: Props & { form: (action: string) => string; csrf: string }) {
  const { desk, c, t, form, csrf } = p
  return (
    <>
      {p.canned?.length ? (
        <form class="card" method="get" action={`/console/tickets/${t.number}`}>
          <label for="canned">常用答复</label>
          <select id="canned" name="canned">{p.canned.map((r) => <option value={r.id}>{r.title}</option>)}</select>
          <button class="quiet" type="submit">填入答复框</button>
        </form>
      ) : null}
      <form class="card" method="post" action={form('reply')}>
        <Csrf token={csrf} />
        {/* One-time: the same form posted twice (a double click, a reload) sends one answer. */}
        <input type="hidden" name="once" value={crypto.randomUUID()} />
        <label for="reply">答复职工（从职工来信的渠道发出）</label>
        <textarea id="reply" name="text" required maxlength={2000}>{p.draft ?? ''}</textarea>
        <button type="submit">发送答复</button>
      </form>
      <form class="card" method="post" action={form('ask')}>
        <Csrf token={csrf} />
        <label for="ask">向职工提问（等回复期间暂停计时）</label>
        <textarea id="ask" name="text" required maxlength={2000} />
        <button type="submit">发送问题</button>
      </form>
      <form class="card" method="post" action={form('close')}>
        <Csrf token={csrf} />
        <label for="summary">办结说明（会告诉职工，并请职工评价）</label>
        <textarea id="summary" name="summary" required maxlength={500} placeholder="例如：已协调企业补发11月工资3200元" />
        <button type="submit">办结</button>
      </form>
      <form class="card" method="post" action={form('note')}>
        <Csrf token={csrf} />
        <label for="note">内部备注（只有干部看得到）</label>
        <textarea id="note" name="text" required maxlength={2000} />
        <button class="quiet" type="submit">保存备注</button>
      </form>
      <form class="card" method="post" action={form('reclassify')}>
        <Csrf token={csrf} />
        <label for="category">更正类别（会作为分类器的学习样本）</label>
        <select id="category" name="category">
          {Object.entries(categoryLabels).map(([k, label]) => <option value={k} selected={k === t.category}>{label}</option>)}
        </select>
        <label><input type="checkbox" name="urgent" value="1" checked={t.urgent} style="width:auto" /> 紧急</label>
        <button class="quiet" type="submit">更正</button>
      </form>
      <form class="card" method="post" action={form('relate')}>
        <Csrf token={csrf} />
        <label for="other">关联另一件工单（同一件事，或同一批人的事）</label>
        <input id="other" name="other" placeholder="NJ-261125-0007" required maxlength={20} />
        <button class="quiet" type="submit">关联</button>
      </form>
      {desk.channels.spec(t.channel).identity === 'request' ? <LinkWorkerForm {...p} /> : null}
      {p.cadres && may(c.get('signedIn').account.role, 'reassign') ? (
        <form class="card" method="post" action={form('reassign')}>
          <Csrf token={csrf} />
          <label for="cadre">转交给</label>
          <select id="cadre" name="cadreId">{p.cadres.map((x) => <option value={x.id} selected={x.id === t.assigneeId}>{x.name}（{x.unit}）</option>)}</select>
          <label for="reason">转交原因</label>
          <input id="reason" name="reason" required maxlength={200} />
          <button class="quiet" type="submit">转交</button>
        </form>
      ) : null}
    </>
  )
}

/** A web request joins a known worker: by the phone on their record, and when several share it, by choosing one of them. */
function LinkWorkerForm(p: Props & { form: (action: string) => string; csrf: string }) {
  const { form, csrf } = p
  return (
    <form class="card" method="post" action={form('link-worker')}>
      <Csrf token={csrf} />
      <label for="link-phone">关联到已有的职工档案（先回电核实是本人）</label>
      <input id="link-phone" name="phone" placeholder="档案里的手机号" required maxlength={20} value={p.linkPhone ?? ''} />
      {p.candidates?.length ? (
        <fieldset>
          <legend>这个手机号有 {p.candidates.length} 份档案，请选核实过的那一位</legend>
          {p.candidates.map((w, i) => (
            <label style="font-weight:normal">
              <input type="radio" name="workerId" value={w.id} required checked={i === 0} style="width:auto" /> {w.name}，{w.phone}，{w.unit}，最近一件：{w.latest}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label for="link-reason">怎么核实的</label>
      <input id="link-reason" name="reason" required maxlength={200} placeholder="回电确认是本人" value={p.linkReason ?? ''} />
      <button class="quiet" type="submit">关联档案</button>
    </form>
  )
}

const ticketHref = (number: string) => (/^NJ-\d{6}-\d{4,}$/.test(number) ? `/console/tickets/${number}` : null)

const field = (data: string | null, key: string) => {
  try {
    return String((JSON.parse(data ?? '{}') as Record<string, unknown>)[key] ?? '')
  } catch {
    return ''
  }
}
const noteText = (data: string | null) => field(data, 'text')
const relatedNumber = (data: string | null) => field(data, 'number')

function deliveryNote(d: { status: string; via: string | null; sentAt: Date | null } | undefined): string {
  if (!d) return ''
  const via = d.via === 'portal_inbox' ? '（网页查询）' : d.via === 'customer_service' ? '（公众号客服消息）' : d.via === 'template' ? '（公众号模板消息）' : ''
  const status: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已送达', deferred: '等职工下次来信时发出', failed: '发送失败，正在重试', dead: '发送失败' }
  return `${status[d.status] ?? '发送中'}${via}`
}

/** Whether the worker shared a location on this ticket (sealed on the message, opened by a reveal). */
export const sharesLocation = (t: Pick<Loaded, 'messages'>) => t.messages.some(hasLocation)
const hasLocation = (m: { media: string | null }) => Boolean(m.media?.includes('"kind":"location"'))

function placeText(p: SharedLocation): string {
  const at = p.lat !== undefined && p.lng !== undefined ? `（${p.lat}, ${p.lng}）` : ''
  return `${p.label ?? ''}${at}`.trim()
}
