// Relating tickets and linking a web request to a worker, in the console: the page keeps all its
// forms afterwards, a pair is related once and never to itself, related tickets are links, and
// when several workers' records share a phone the cadre chooses among them (masked).
import { beforeAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile, json } from '../support/desk.ts'
import { accountFor, followed, get, noticeOf, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let leader: Browser

const openWeb = async (text: string, extra: Record<string, string> = {}) =>
  ((await (await t.app.request('/api/messages', json({ text, orgHint: '粤海街道', ...extra }))).json()) as { ticketNumber: string }).ticketNumber

beforeAll(async () => {
  await accountFor(t, 'yh-leader', 'leader', { cadreName: demoUnion.cadres.yuehaiLeader })
  leader = await signIn(t, 'yh-leader')
  await t.desk.db.cannedReply.create({ data: { unitId: (await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: demoUnion.units.yuehai.code } })).id, title: '欠薪材料清单', text: '请准备劳动合同、工资条。' } })
})

describe('relating tickets', () => {
  it('keeps the hand-on form and the canned replies after relating, and shows the related ticket as a link', async () => {
    const [a, b] = [await openWeb('老板拖欠工资三个月'), await openWeb('同车间的工友也被拖欠工资')]
    const { page } = await followed(t, leader, await post(t, leader, `/console/tickets/${a}/relate`, { other: b.toLowerCase() }))
    expect(noticeOf(page)).toContain('已关联')
    expect(page).toContain('<label for="cadre">转交给</label>')
    expect(page).toContain('欠薪材料清单')
    expect(page).toContain(`<dt>关联工单</dt><dd><a href="/console/tickets/${b}">${b}</a></dd>`)
    expect(await (await get(t, leader, `/console/tickets/${b}`)).text()).toContain(`<a href="/console/tickets/${a}">关联工单 ${a}</a>`)
  })

  it('refuses the same pair twice, either way round, and a ticket to itself, saying why', async () => {
    const a = await openWeb('公司不给交社保')
    const b = await openWeb('社保的事我也一样')
    expect((await post(t, leader, `/console/tickets/${a}/relate`, { other: b })).status).toBe(303)
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const twice = await post(t, leader, `/console/tickets/${from}/relate`, { other: to })
      expect(twice.status).toBe(409)
      const page = await twice.text()
      expect(noticeOf(page)).toContain('已经关联过了')
      expect(page).toContain('<label for="cadre">转交给</label>') // the refusal keeps the page whole too
    }
    const self = await post(t, leader, `/console/tickets/${a}/relate`, { other: a })
    expect(self.status).toBe(422)
    expect(noticeOf(await self.text())).toBe('这就是本工单的编号。请填另一件工单的编号。')
    expect(await t.desk.db.ticketEvent.count({ where: { ticket: { number: a }, type: 'ticket.related' } })).toBe(1)
  })
})

describe('linking a web request to a known worker', () => {
  it('offers the workers who share the phone, masked with their unit and latest ticket, and links the one chosen', async () => {
    // Two workers the desk knows on WeChat, whose records carry the same phone (a family's one phone).
    const known: string[] = []
    for (const [i, name] of ['张伟', '张丽'].entries()) {
      const res = await acceptMessage(t.desk, {
        channel: 'wechat_oa', externalUserId: `oSharedPhone00000000000${i}`, externalMessageId: `74389900000000002${i}`, text: '去年的工伤赔偿还没拿到',
        profile: { orgHint: '粤海街道', phone: '13811112222', name }, receivedAt: new Date(),
      })
      known.push(res.ticketNumber!)
    }
    const request = await openWeb('我又来问工伤赔偿的事')
    const asked = await post(t, leader, `/console/tickets/${request}/link-worker`, { phone: '13811112222', reason: '回电确认是本人' })
    expect(asked.status).toBe(422)
    const page = await asked.text()
    expect(noticeOf(page)).toContain('有 2 位职工的档案用这个手机号')
    expect(page).not.toContain('管理接口')
    expect(page.replace('value="13811112222"', '')).not.toContain('13811112222') // kept in the box it was typed in, shown nowhere else
    for (const n of known) expect(page).toContain(`最近一件：${n}`)
    expect(page).toContain('张*，138****2222，粤海街道工会服务站')
    const workers = await t.desk.db.ticket.findMany({ where: { number: { in: known } }, select: { number: true, workerId: true } })
    const chosen = workers.find((w) => w.number === known[1])!.workerId
    expect(page).toContain(`value="${chosen}"`)
    // Someone else's record id is not among the choices.
    const stranger = (await t.desk.db.worker.findFirstOrThrow({ where: { id: { notIn: workers.map((w) => w.workerId) } } })).id
    expect((await post(t, leader, `/console/tickets/${request}/link-worker`, { phone: '13811112222', reason: '回电确认是本人', workerId: stranger })).status).toBe(422)
    const linked = await post(t, leader, `/console/tickets/${request}/link-worker`, { phone: '13811112222', reason: '回电确认是本人', workerId: chosen })
    expect(noticeOf((await followed(t, leader, linked)).page)).toBe('已关联到职工档案。')
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number: request } })).workerId).toBe(chosen)
  })
})
