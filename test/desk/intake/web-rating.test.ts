import { describe, expect, it } from 'vitest'
import { admin, json, deskForThisFile } from '../../support/desk.ts'

const t = deskForThisFile()

type Answer = { ticketNumber: string | null; outcome: string; duplicate: boolean; reply: string }

describe('a web worker rates their closed ticket (defect: HTTP 500 after the rating was committed)', () => {
  it('gets the thanks as an answer, the rating is stored, and a repeat answers the same way', async () => {
    const opened = await t.app.request('/api/messages', json({ text: '公司拖欠我两个月工资', clientMessageId: 'rate-web-0001' }))
    expect(opened.status).toBe(201)
    const { ticketNumber, accessCode } = (await opened.json()) as Answer & { accessCode: string }
    const request = { ticketNumber, accessCode }
    expect((await t.app.request(`/api/tickets/${ticketNumber}/close`, json({ summary: '已协调补发' }, admin))).status).toBe(200)

    const rated = await t.app.request('/api/messages', json({ text: '满意', ...request, clientMessageId: 'rate-web-0002' }))
    expect(rated.status).toBe(200)
    const answer = (await rated.json()) as Answer
    expect(answer).toMatchObject({ ticketNumber, outcome: 'answered', duplicate: false })
    expect(answer.reply).toContain('满意')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumber! } })
    expect(ticket.satisfaction).toBe('satisfied')

    const again = await t.app.request('/api/messages', json({ text: '满意', ...request, clientMessageId: 'rate-web-0002' }))
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ ticketNumber, outcome: 'answered', duplicate: true })
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'satisfaction.answered' } })).toBe(1)
  })
})
