import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { onFirstResponseDue } from '../../src/desk/sla.ts'
import type { EmbeddedRedis } from '../../src/redis/embedded.ts'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'

let redis: EmbeddedRedis
let t: TestDesk

beforeAll(async () => {
  redis = await startTestRedis()
  t = await startTestDesk({ redisUrl: redis.url })
  // Seconds instead of hours, so the timers fire inside the test.
  await t.desk.db.slaPolicy.updateMany({ data: { firstResponseSeconds: 1 } })
})
afterAll(async () => {
  await t?.close()
  await redis?.stop()
})

const open = async (text: string) => {
  const res = await t.app.request('/api/messages', json({ text }))
  const { ticketNumber } = (await res.json()) as { ticketNumber: string }
  return t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
}
const reminders = (ticketId: string) => t.desk.db.ticketEvent.findMany({ where: { ticketId, type: 'sla.first_response_due' } })

describe('the first-response reminder', () => {
  it('fires at the deadline when no cadre has answered, and records it on the timeline', async () => {
    const ticket = await open('厂里拖欠工资三个月了')
    expect(await reminders(ticket.id)).toHaveLength(0)
    const [event] = await eventually(async () => {
      const r = await reminders(ticket.id)
      return r.length ? r : null
    })
    expect(event!.createdAt.getTime()).toBeGreaterThanOrEqual(ticket.firstResponseDueAt!.getTime() - 50)
    expect(JSON.parse(event!.data!)).toMatchObject({ assigneeId: ticket.assigneeId })
  })

  it('does nothing when a cadre answered in time, and the pending job is cancelled', async () => {
    const ticket = await open('老板欠我两个月工资')
    const jobId = `sla-${ticket.id}-first-response`
    expect(await (await t.desk.queues.sla.getJob(jobId))?.getState()).toBe('delayed')

    const res = await t.app.request(`/api/tickets/${ticket.number}/replies`, json({ text: '您好，我是工会的何家豪，明天上午给您打电话。' }, admin))
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ number: ticket.number, firstResponse: true })
    expect(await t.desk.queues.sla.getJob(jobId)).toBeUndefined()

    await new Promise((r) => setTimeout(r, 1800))
    expect(await reminders(ticket.id)).toHaveLength(0)
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(after.status).toBe('answered')
    expect(after.firstRespondedAt).not.toBeNull()
    const status = (await (await t.app.request(`/api/tickets/${ticket.number}`)).json()) as { status: string }
    expect(status.status).toBe('answered')
  })

  it('stands down when the answer came but the job could not be cancelled (it re-reads the ticket)', async () => {
    const ticket = await open('公司不发加班费')
    await t.desk.db.ticket.update({ where: { id: ticket.id }, data: { firstRespondedAt: new Date(), status: 'answered' } })
    await new Promise((r) => setTimeout(r, 1800))
    expect(await reminders(ticket.id)).toHaveLength(0)
  })

  it('records one reminder however often the job runs', async () => {
    const ticket = await open('欠薪的事情想问问')
    await t.desk.queues.sla.remove(`sla-${ticket.id}-first-response`)
    await new Promise((r) => setTimeout(r, 1100))
    const outcomes = await Promise.all([1, 2, 3].map(() => onFirstResponseDue(t.desk, ticket.id)))
    expect(outcomes.filter((o) => o === 'reminded')).toHaveLength(1)
    expect(await reminders(ticket.id)).toHaveLength(1)
  })
})
