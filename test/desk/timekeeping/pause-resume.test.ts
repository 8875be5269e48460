import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import type { EmbeddedRedis } from '../../../src/redis/embedded.ts'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../../support/desk.ts'
import { startTestRedis } from '../../support/redis.ts'

let redis: EmbeddedRedis
let t: TestDesk

beforeAll(async () => {
  redis = await startTestRedis()
  t = await startTestDesk({ redisUrl: redis.url })
  // A 3-second resolution budget around the clock; the first response is answered at once.
  await t.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 60, resolutionSeconds: 3, clockMode: 'calendar' } })
})
afterAll(async () => {
  await t?.close()
  await redis?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const write = (text: string, id: string, worker = 'pause-worker') =>
  acceptMessage(t.desk, { channel: 'web', externalUserId: worker, externalMessageId: id, text, receivedAt: new Date() })
const resolutionSteps = (ticketId: string) =>
  t.desk.db.ticketEvent.findMany({ where: { ticketId, dedupeKey: { startsWith: `sla-${ticketId}-resolution` } }, orderBy: { createdAt: 'asc' } })

describe('waiting for the worker', () => {
  it('stops the clock while a question is open and shifts every deadline by the wait', async () => {
    const opened = await write('公司拖欠我上个月的工资', 'p-1')
    const number = opened.ticketNumber!
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    expect(ticket.resolutionDueAt).toEqual(new Date(ticket.createdAt.getTime() + 3000))

    await sleep(600)
    const asked = await t.app.request(`/api/tickets/${number}/questions`, json({ text: '请问是哪个月的工资？有工资条吗？' }, admin))
    expect(asked.status).toBe(201)
    const waiting = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(waiting).toMatchObject({ status: 'waiting_worker', resolutionDueAt: null })
    expect(waiting.firstRespondedAt).not.toBeNull() // asking is answering
    expect(waiting.slaPausedAt).not.toBeNull()
    // No timer of the ticket is left in Redis while it waits.
    const delayed = (await t.desk.queues.sla.getDelayed()).filter((j) => j.data.ticketId === ticket.id)
    expect(delayed).toHaveLength(0)
    const question = await t.desk.db.delivery.findFirstOrThrow({ where: { ticketId: ticket.id, purpose: 'cadre_question' } })
    expect(question.workerId).toBe(ticket.workerId)

    // Longer than the whole budget: without the pause every step would have fired by now.
    await sleep(3200)
    expect(await resolutionSteps(ticket.id)).toHaveLength(0)

    const answer = await write('是十月份的，工资条我拍照发给你们', 'p-2')
    expect(answer).toMatchObject({ outcome: 'continued', ticketNumber: number })
    const [pause] = await t.desk.db.slaPause.findMany({ where: { ticketId: ticket.id } })
    expect(pause!.resumedAt).not.toBeNull()
    const waited = pause!.resumedAt!.getTime() - pause!.pausedAt.getTime()
    expect(waited).toBeGreaterThanOrEqual(3200)
    const resumed = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(resumed).toMatchObject({ status: 'open', slaPausedAt: null })
    const due = ticket.createdAt.getTime() + 3000 + waited
    expect(resumed.resolutionDueAt!.getTime()).toBe(due)
    const breach = await t.desk.queues.sla.getJob(`sla-${ticket.id}-resolution-100`)
    expect(breach!.timestamp + breach!.delay).toBe(due)

    // Then the steps fire in order, each at its shifted instant, never before.
    const steps = await eventually(async () => {
      const s = await resolutionSteps(ticket.id)
      return s.length === 4 ? s : null
    })
    const fractions = steps.map((s) => (JSON.parse(s.data!) as { fraction: number }).fraction)
    expect(fractions).toEqual([0.5, 0.9, 1, 1.5])
    steps.forEach((s, i) => expect(s.createdAt.getTime()).toBeGreaterThanOrEqual(ticket.createdAt.getTime() + fractions[i]! * 3000 + waited - 20))
    expect(steps.map((s) => s.type)).toEqual(['sla.reminder', 'sla.reminder', 'sla.escalated', 'sla.escalated'])
  })

  it('closing cancels every timer and the clock never fires again', async () => {
    const opened = await write('老板说下个月才发工资', 'p-3', 'close-worker')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: opened.ticketNumber! } })
    const closed = await t.app.request(`/api/tickets/${ticket.number}/close`, json({ summary: '已与企业沟通，本周五前发放' }, admin))
    expect(closed.status).toBe(200)
    expect((await t.desk.queues.sla.getDelayed()).filter((j) => j.data.ticketId === ticket.id)).toHaveLength(0)
    await sleep(3200)
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: { in: ['sla.reminder', 'sla.escalated'] } } })).toBe(0)
    // A closed ticket refuses further actions with a reason.
    const again = await t.app.request(`/api/tickets/${ticket.number}/questions`, json({ text: '还有别的问题吗？' }, admin))
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ticket_closed')
  })
})
