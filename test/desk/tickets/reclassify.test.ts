import { describe, expect, it } from 'vitest'
import { readFeedbackExamples } from '../../../src/classify/training/feedback.ts'
import { admin, deskForThisFile, json } from '../../support/desk.ts'

const t = deskForThisFile()

const open = async (text: string) => {
  const res = await t.app.request('/api/messages', json({ text }))
  const { ticketNumber } = (await res.json()) as { ticketNumber: string }
  return t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })
}
const correct = (number: string, body: unknown) => t.app.request(`/api/tickets/${number}/category`, json(body, admin))

describe('a cadre corrects what the desk understood', () => {
  it('changes the ticket, keeps the correction for training, and moves the clock to the new policy', async () => {
    const ticket = await open('公司让我们签自愿放弃社保的协议 不签就辞退')
    const target = ticket.category === 'legal_aid' ? 'wage_arrears' : 'legal_aid'
    const res = await correct(ticket.number, { category: target, urgent: true })
    expect(res.status).toBe(200)
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } })
    expect(after).toMatchObject({ category: target, urgent: true })
    // Urgent: the 2-hour clock around the clock, from when the ticket was opened.
    expect(after.firstResponseDueAt!.getTime() - after.createdAt.getTime()).toBe(2 * 3600_000)
    expect(after.events.map((e) => e.type)).toContain('ticket.reclassified')
    // The first-response clock's one job moved with it: its first step, the reminder at half of the two hours.
    const sla = (await t.desk.queues.sla.getDelayed()).filter((j) => j.data.ticketId === ticket.id)
    expect(sla.map((j) => j.id).sort()).toEqual([`sla-${ticket.id}-first-response-50`, `sla-${ticket.id}-resolution-50`])
    const first = sla.find((j) => j.id!.endsWith('first-response-50'))!
    expect(first.timestamp + first.delay).toBe(after.createdAt.getTime() + 3600_000)
    const feedback = await t.desk.db.classificationFeedback.findFirstOrThrow({ where: { ticketId: ticket.id } })
    expect(feedback).toMatchObject({ fromCategory: ticket.category, toCategory: target, fromUrgent: ticket.urgent, toUrgent: true, actor: 'admin' })

    // What `npm run train -- --feedback` reads: the worker's words with the cadre's label.
    const examples = await readFeedbackExamples(t.desk.config.DATABASE_URL)
    expect(examples).toContainEqual(expect.objectContaining({ text: '公司让我们签自愿放弃社保的协议 不签就辞退', label: target, urgent: true }))
  })

  it('refuses a correction that changes nothing, an unknown label, and a missing token', async () => {
    const ticket = await open('想找份保安的工作')
    expect((await correct(ticket.number, { category: ticket.category, urgent: ticket.urgent })).status).toBe(409)
    const bad = await correct(ticket.number, { category: 'hacked' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('category')
    expect((await t.app.request(`/api/tickets/${ticket.number}/category`, json({ category: 'other' }))).status).toBe(401)
    expect((await correct('NJ-990101-0001', { category: 'other' })).status).toBe(404)
    expect(await t.desk.db.classificationFeedback.count({ where: { ticketId: ticket.id } })).toBe(0)
  })
})
