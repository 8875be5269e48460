import { addClockSeconds, defaultWorkCalendar } from '../../../src/lib/time/index.ts'
import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { deskForThisFile, json } from '../../support/desk.ts'

const { units, cadres } = demoUnion

const t = deskForThisFile()

const post = (body: unknown) => t.app.request('/api/messages', json(body))
const ticketOf = (number: string) =>
  t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { assignee: true, unit: true, events: true, messages: true } })

describe('a worker message becomes a routed ticket', () => {
  it('opens a wage-arrears ticket in the unit the worker named and routes it to that unit’s cadre', async () => {
    const res = await post({ text: '老板拖欠我们三个月工资不发，二十多个工友都没拿到钱', orgHint: units.yuehai.aliases[0], phone: '13800138001', name: '王师傅' })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { ticketNumber: string; outcome: string; reply: string; duplicate: boolean }
    expect(body.ticketNumber).toMatch(/^NJ-\d{6}-\d{4}$/)
    expect(body).toMatchObject({ outcome: 'opened', duplicate: false })
    expect(body.reply).toContain(body.ticketNumber)
    expect(body.reply).toContain('欠薪')

    const ticket = await ticketOf(body.ticketNumber)
    expect(ticket.category).toBe('wage_arrears')
    expect(ticket.urgent).toBe(false)
    expect(ticket.unit.code).toBe(units.yuehai.code)
    // 粤海街道's only general cadre is 何家豪 (the leader takes leader-tier cases only).
    expect(ticket.assignee?.name).toBe(cadres.yuehaiCadre)
    expect(ticket.tier).toBe('general')
    expect(ticket.events.map((e) => e.type)).toEqual(['ticket.opened', 'ticket.routed'])
    // The worker's message, and the desk's first question about the case.
    expect(ticket.messages.map((m) => [m.direction, m.kind])).toEqual([['in', 'text'], ['out', 'auto']])
    // Wage arrears: 4 working hours, counted in the desk's office week.
    expect(ticket.firstResponseDueAt).toEqual(addClockSeconds('business', defaultWorkCalendar, ticket.createdAt, 4 * 3600))

    // The first-response clock's one job waits for its first step, the reminder at half the budget.
    const job = await t.desk.queues.sla.getJob(`sla-${ticket.id}-first-response-50`)
    expect(await job?.getState()).toBe('delayed')
    expect(job!.timestamp + job!.delay).toBe(addClockSeconds('business', defaultWorkCalendar, ticket.createdAt, 2 * 3600).getTime())
  })

  it('sends an urgent case to a leader of the unit, one-on-one, with the 2-hour promise', async () => {
    const res = await post({ text: '救命 工地上有人从脚手架摔下来了 流了好多血 现在昏迷', orgHint: units.nanshan.aliases[0] })
    const body = (await res.json()) as { ticketNumber: string; reply: string }
    const ticket = await ticketOf(body.ticketNumber)
    expect(ticket.urgent).toBe(true)
    expect(ticket.tier).toBe('leader')
    expect(ticket.assignee?.role).toBe('leader')
    expect(ticket.assignee?.name).toBe(cadres.nanshanLeader)
    expect(ticket.firstResponseDueAt!.getTime() - ticket.createdAt.getTime()).toBe(2 * 3600 * 1000)
    expect(body.reply).toContain('2小时内')
  })

  it('spreads work: the cadre with fewer open tickets gets the next one', async () => {
    const numbers: string[] = []
    for (const text of ['公司拖欠工资两个月了', '厂里扣了我半个月工资不给', '包工头跑路了 工钱一直没结']) {
      const res = await post({ text, orgHint: units.nanshan.code })
      numbers.push(((await res.json()) as { ticketNumber: string }).ticketNumber)
    }
    const assignees = await Promise.all(numbers.map(async (n) => (await ticketOf(n)).assignee?.name))
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([cadres.nanshanWageA, cadres.nanshanWageB]))
    expect([cadres.nanshanWageA, cadres.nanshanWageB]).toContain(assignees[2])
  })

  it('uses the channel’s unit when the worker gives no clue', async () => {
    const res = await post({ text: '想找一份电工的工作 有没有推荐' })
    const ticket = await ticketOf(((await res.json()) as { ticketNumber: string }).ticketNumber)
    expect(ticket.unit.code).toBe(t.desk.config.DEFAULT_UNIT_CODE)
    expect(ticket.category).toBe('job_seeking')
    expect(ticket.assignee?.name).toBe(cadres.nanshanJobs)
  })

  it('answers in Traditional characters when the worker wrote in Traditional', async () => {
    const res = await post({ text: '公司欠我們三個月工資，老闆不接電話，請工會幫幫忙' })
    const body = (await res.json()) as { reply: string }
    expect(body.reply).toContain('編號')
    expect(body.reply).not.toContain('编号')
  })

  it('adds a follow-up from the same worker to their open ticket instead of opening another', async () => {
    const first = (await (await post({ text: '我在快达物流上班 被扣了工资', phone: '139 0000 1111' })).json()) as { ticketNumber: string; accessCode: string }
    // On the web the same worker is who holds the request's number and access code.
    const second = await post({ text: '补充一下 一共扣了1800块', ticketNumber: first.ticketNumber, accessCode: first.accessCode })
    expect(second.status).toBe(201)
    const body = (await second.json()) as { ticketNumber: string; outcome: string; reply: string }
    expect(body).toMatchObject({ ticketNumber: first.ticketNumber, outcome: 'continued' })
    expect(body.reply).toContain('补充')
    const ticket = await ticketOf(first.ticketNumber)
    expect(ticket.messages.filter((m) => m.direction === 'in')).toHaveLength(2)
    expect(ticket.events.map((e) => e.type)).toContain('worker.message')
  })

  it('stores name and phone sealed, never in the clear', async () => {
    await post({ text: '我想申请困难帮扶 家里老人生病', name: '李秀英', phone: '13712345678' })
    const rows = await t.desk.db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Worker"')
    const dump = JSON.stringify(rows)
    expect(dump).not.toContain('13712345678')
    expect(dump).not.toContain('李秀英')
    const worker = rows.find((r) => typeof r.phoneHash === 'string' && r.phoneHash === t.desk.crypto.blindIndex('13712345678'))
    expect(worker).toBeDefined()
    expect(t.desk.crypto.open(worker!.nameEnc as string)).toBe('李秀英')
  })

  it('shows the status of a ticket to the holder of its code, without personal data', async () => {
    const res = await post({ text: '单位不给交社保 想咨询怎么维权', name: '赵磊', phone: '13800009999' })
    const { ticketNumber, accessCode } = (await res.json()) as { ticketNumber: string; accessCode: string }
    const status = await t.app.request(`/api/tickets/${ticketNumber}?code=${accessCode}`)
    expect(status.status).toBe(200)
    const view = (await status.json()) as Record<string, unknown>
    expect(view).toMatchObject({ number: ticketNumber, status: 'open', statusLabel: '已受理，等待工会干部答复' })
    expect(view.expectedByText).toMatch(/前|内/)
    const text = JSON.stringify(view)
    for (const secret of ['赵磊', '13800009999', '社保', 'workerId', 'assigneeId', 'urgent', 'category', 'unit', ...units.nanshan.aliases, ...units.yuehai.aliases]) expect(text).not.toContain(secret)
  })

  it('never logs what the worker wrote, their name or their phone', async () => {
    await post({ text: '独特的测试句子：我的工资被拖欠了', name: '欧阳测试', phone: '13655554444' })
    const logs = t.logs()
    expect(logs).toContain('message accepted')
    for (const secret of ['独特的测试句子', '欧阳测试', '13655554444']) expect(logs).not.toContain(secret)
  })
})

describe('the same message twice', () => {
  it('creates one ticket for a repeated clientMessageId and answers the same', async () => {
    const body = { text: '加班费一直不给算', clientMessageId: 'client-msg-0001' }
    const a = await post(body)
    const b = await post(body)
    expect(a.status).toBe(201)
    expect(b.status).toBe(200)
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { ticketNumber: string; reply: string; duplicate: boolean }[]
    expect(jb!.ticketNumber).toBe(ja!.ticketNumber)
    expect(jb!.duplicate).toBe(true)
    // The same answer, less the access code: it is shown once.
    const withoutCodeLine = (reply: string) => reply.split('\n').filter((l) => !l.includes('查询码')).join('\n')
    expect(withoutCodeLine(jb!.reply)).toBe(withoutCodeLine(ja!.reply))
    expect(jb!.reply).toContain('查询码在第一次的回复里')
    expect(jb!.reply).not.toContain((ja as { accessCode?: string }).accessCode)
    expect(await t.desk.db.message.count({ where: { text: '加班费一直不给算' } })).toBe(1)
  })

  it('creates one ticket when four copies arrive at the same moment', async () => {
    const before = await t.desk.db.ticket.count()
    const body = { text: '工地老板欠了我们八个人的工钱', clientMessageId: 'client-msg-burst-4', phone: '13511112222' }
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(body)))
    const numbers = await Promise.all(answers.map(async (r) => ((await r.json()) as { ticketNumber: string }).ticketNumber))
    expect(new Set(numbers).size).toBe(1)
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 201])
    expect(await t.desk.db.ticket.count()).toBe(before + 1)
  })
})

describe('a worker with an open ticket writes about something else', () => {
  it('opens a new ticket for a clearly different matter, and keeps small follow-ups on the open one', async () => {
    // A person on a chat channel may bring several matters over time.
    let n = 0
    const post = (text: string) =>
      acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: 'oNewMatter0000000000000001', externalMessageId: `new-matter-${++n}`, text, receivedAt: new Date() })
    const wages = await post('公司拖欠了我两个月的工资 老板一直不给')
    expect(await post('在吗')).toMatchObject({ ticketNumber: wages.ticketNumber, outcome: 'continued' })
    const job = await post('另外我想找一份电工的工作 有没有招聘信息')
    expect(job.outcome).toBe('opened')
    expect(job.ticketNumber).not.toBe(wages.ticketNumber)
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: job.ticketNumber! } })
    expect(ticket.category).toBe('job_seeking')
  })

  it('keeps everything a web request writes on its own ticket while it is open', async () => {
    const wages = (await (await post({ text: '公司拖欠了我两个月的工资 老板一直不给' })).json()) as { ticketNumber: string; accessCode: string }
    const more = await post({ text: '另外我想找一份电工的工作 有没有招聘信息', ticketNumber: wages.ticketNumber, accessCode: wages.accessCode })
    expect(await more.json()).toMatchObject({ ticketNumber: wages.ticketNumber, outcome: 'continued' })
  })
})
