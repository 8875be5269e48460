import { describe, expect, it } from 'vitest'
import { ACCESS_CODE_ALPHABET, ACCESS_CODE_LENGTH } from '../../../src/desk/people/index.ts'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { admin, deskForThisFile, json } from '../../support/desk.ts'

const t = deskForThisFile()

type Answer = { ticketNumber: string; outcome: string; duplicate: boolean; reply: string; accessCode?: string }
const post = async (body: Record<string, unknown>) => {
  const res = await t.app.request('/api/messages', json(body))
  return { status: res.status, body: (await res.json()) as Answer }
}
const neighbour = (number: string, step: number) => number.replace(/\d{4,}$/, (n) => String(Number(n) + step).padStart(n.length, '0'))

describe('a phone number is not an identity (defect: an impostor with a victim’s phone took over their record)', () => {
  it('gives an impostor who types the victim’s phone their own new ticket, and nothing of the victim’s', async () => {
    const victim = await post({ text: '老板拖欠我三个月工资，想申请劳动仲裁', name: '陈桂兰', phone: '13712340001' })
    expect(victim.status).toBe(201)
    const impostor = await post({ text: '补充一下，我不想投诉了', name: '冒名者', phone: '+86 137-1234-0001' })
    expect(impostor.status).toBe(201)
    expect(impostor.body.outcome).toBe('opened')
    expect(impostor.body.ticketNumber).not.toBe(victim.body.ticketNumber)
    expect(JSON.stringify(impostor.body)).not.toContain(victim.body.ticketNumber)

    const victimTicket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: victim.body.ticketNumber }, include: { worker: true, messages: true } })
    expect(victimTicket.messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['老板拖欠我三个月工资，想申请劳动仲裁'])
    expect(t.desk.crypto.open(victimTicket.worker.nameEnc!)).toBe('陈桂兰')

    // Nor can the impostor rate the victim's closed case.
    await t.app.request(`/api/tickets/${victim.body.ticketNumber}/close`, json({}, admin))
    await post({ text: '不满意', phone: '13712340001' })
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { id: victimTicket.id } })).satisfaction).toBeNull()
  })

  it('shows a new request’s access code once, keeps only its keyed hash, and needs it to continue', async () => {
    const opened = await post({ text: '公司不给交社保，想咨询一下' })
    const code = opened.body.accessCode!
    expect(code).toHaveLength(ACCESS_CODE_LENGTH)
    expect([...code].every((ch) => ACCESS_CODE_ALPHABET.includes(ch))).toBe(true)
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: opened.body.ticketNumber } })
    expect(ticket.accessCodeHash).toBeTruthy()
    const dump = JSON.stringify(await t.desk.db.$queryRawUnsafe('SELECT * FROM "Ticket"')) + JSON.stringify(await t.desk.db.$queryRawUnsafe('SELECT * FROM "Message"'))
    expect(dump).not.toContain(code)

    const wrong = await post({ text: '补充：一共三个月', ticketNumber: opened.body.ticketNumber, accessCode: code.slice(1) + (code[0] === '2' ? '3' : '2') })
    expect(wrong.status).toBe(404)
    const typedLoosely = code.toLowerCase().replace(/(.{4})/g, '$1-')
    const right = await post({ text: '补充：一共三个月', ticketNumber: opened.body.ticketNumber, accessCode: typedLoosely })
    expect(right).toMatchObject({ status: 201, body: { ticketNumber: opened.body.ticketNumber, outcome: 'continued' } })
    expect(right.body.accessCode).toBeUndefined()
  })

  it('scopes a retry key to its sender: someone else’s clientMessageId never returns their ticket', async () => {
    const mine = await post({ text: '加班费一直不给算', clientMessageId: 'shared-retry-key-01' })
    const theirs = await post({ text: '我想找电工的工作', clientMessageId: 'shared-retry-key-01' })
    expect(theirs.status).toBe(201)
    expect(theirs.body.ticketNumber).not.toBe(mine.body.ticketNumber)
    // The same key on a request's own ticket is its own scope too.
    const more = await post({ text: '补充情况', clientMessageId: 'shared-retry-key-01', ticketNumber: mine.body.ticketNumber, accessCode: mine.body.accessCode })
    expect(more).toMatchObject({ status: 201, body: { outcome: 'continued', duplicate: false } })
  })
})

describe('ticket status is not public (defect: anyone could read any ticket’s unit, budget and activity)', () => {
  it('answers a missing or wrong code exactly like a ticket that does not exist, for every neighbouring number', async () => {
    const opened = await post({ text: '厂里拖欠工资，车间里很多人都没拿到' })
    const number = opened.body.ticketNumber
    const bodyOf = async (path: string) => {
      const res = await t.app.request(path)
      return { status: res.status, body: (await res.text()).replaceAll(/NJ-\d{6}-\d{4,}/g, 'NJ-…') }
    }
    const missing = await bodyOf('/api/tickets/NJ-990101-0001?code=ABCDEFGHJK')
    expect(missing.status).toBe(404)
    for (const step of [-2, -1, 0, 1, 2]) {
      const n = neighbour(number, step)
      expect(await bodyOf(`/api/tickets/${n}`)).toEqual(missing)
      expect(await bodyOf(`/api/tickets/${n}?code=ABCDEFGHJK`)).toEqual(missing)
    }
    const ok = await t.app.request(`/api/tickets/${number}?code=${opened.body.accessCode}`)
    expect(ok.status).toBe(200)
    expect(Object.keys((await ok.json()) as object).sort()).toEqual(['expectedBy', 'expectedByText', 'number', 'status', 'statusLabel'])
  })

  it('answers 进度 with a ticket number only about the sender’s own tickets', async () => {
    const theirs = await post({ text: '公司拖欠我两个月工资' })
    const asked = await acceptMessage(t.desk, {
      channel: 'wechat_oa', externalUserId: 'oNosy000000000000000000001', externalMessageId: 'nosy-1', text: theirs.body.ticketNumber, receivedAt: new Date(),
    })
    expect(asked).toMatchObject({ outcome: 'answered', ticketNumber: null })
    expect(asked.reply).not.toContain('已受理')
  })
})

describe('linking a web request to a known worker', () => {
  it('is a cadre’s act, on the timeline, and what the request writes next is the worker’s', async () => {
    const known = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: 'oKnown00000000000000000001', externalMessageId: 'known-1', text: '我想申请困难帮扶', receivedAt: new Date() })
    const knownTicket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: known.ticketNumber! } })
    const web = await post({ text: '我是上次在公众号求助的，家里老人住院了', phone: '13812340002' })
    const res = await t.app.request(`/api/tickets/${web.body.ticketNumber}/requester`, json({ workerId: knownTicket.workerId, reason: '回电核实是同一人' }, admin))
    expect(res.status).toBe(200)
    const event = await t.desk.db.ticketEvent.findFirstOrThrow({ where: { type: 'ticket.requester_linked', ticket: { number: web.body.ticketNumber } } })
    expect(event.actor).toBe('admin')
    expect(JSON.parse(event.data!)).toMatchObject({ toWorkerId: knownTicket.workerId, reason: '回电核实是同一人' })
    await post({ text: '补充：医院在南山', ticketNumber: web.body.ticketNumber, accessCode: web.body.accessCode })
    const messages = await t.desk.db.message.findMany({ where: { ticket: { number: web.body.ticketNumber }, direction: 'in' } })
    expect(messages.map((m) => m.workerId)).toEqual([knownTicket.workerId, knownTicket.workerId])
  })
})
