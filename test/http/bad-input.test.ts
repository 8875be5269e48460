import { describe, expect, it } from 'vitest'
import { deskForThisFile, json, admin } from '../support/desk.ts'

const t = deskForThisFile()

const counts = async () => ({
  tickets: await t.desk.db.ticket.count(),
  messages: await t.desk.db.message.count(),
  workers: await t.desk.db.worker.count(),
  outbox: await t.desk.db.outboxJob.count(),
})

type ErrorJson = { error: { code: string; message: string; details?: { path: string }[] } }

async function expectRefused(res: Response, status: number, code: string, mentions?: string) {
  expect(res.status).toBe(status)
  const body = (await res.json()) as ErrorJson
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(10)
  if (mentions) expect(body.error.message).toContain(mentions)
  return body
}

describe('bad input to POST /api/messages gets a 4xx with a reason and writes nothing', () => {
  const cases: [string, RequestInit, number, string, string?][] = [
    ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "欠薪' }, 400, 'bad_request', 'JSON'],
    ['no body at all', { method: 'POST', headers: { 'content-type': 'application/json' } }, 400, 'bad_request'],
    ['missing text', json({ name: '王师傅' }), 400, 'invalid_request', 'text'],
    ['empty text', json({ text: '' }), 400, 'invalid_request', 'empty'],
    ['whitespace-only text', json({ text: '   \n\t ' }), 400, 'invalid_request', 'empty'],
    ['text over the limit', json({ text: '欠'.repeat(2001) }), 400, 'invalid_request', '2,000'],
    ['text of the wrong type', json({ text: 42 }), 400, 'invalid_request', 'text'],
    ['an unknown field', json({ text: '欠薪', password: 'x' }), 400, 'invalid_request', 'password'],
    ['a phone that is not a phone', json({ text: '欠薪', phone: 'call me maybe' }), 400, 'invalid_request', 'phone'],
    ['a bad clientMessageId', json({ text: '欠薪', clientMessageId: 'x' }), 400, 'invalid_request', 'clientMessageId'],
    ['a JSON array', json(['欠薪']), 400, 'invalid_request'],
    ['a body that is not JSON', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '欠薪' }, 415, 'unsupported_media_type', 'JSON'],
    ['a body over 64 KB', json({ text: '欠薪', name: 'x'.repeat(70 * 1024) }), 413, 'body_too_large', '64 KB'],
  ]
  for (const [what, init, status, code, mentions] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await counts()
      await expectRefused(await t.app.request('/api/messages', init), status, code, mentions)
      expect(await counts()).toEqual(before)
    })
  }

  it('refuses a chunked body over 64 KB that declares no length', async () => {
    const big = JSON.stringify({ text: '欠'.repeat(40_000) })
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big))
        c.close()
      },
    })
    const res = await t.app.request('/api/messages', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half',
    } as RequestInit)
    await expectRefused(res, 413, 'body_too_large')
  })

  it('lists every problem at once', async () => {
    const body = await expectRefused(await t.app.request('/api/messages', json({ text: '', phone: 'nope', extra: 1 })), 400, 'invalid_request')
    expect(body.error.details!.map((d) => d.path).sort()).toEqual(expect.arrayContaining(['phone', 'text']))
  })

  it('logs refusals without the body', async () => {
    await t.app.request('/api/messages', json({ text: '', name: '不该出现的名字' }))
    expect(t.logs()).not.toContain('不该出现的名字')
  })
})

describe('bad input to the ticket endpoints', () => {
  it('refuses a malformed ticket number with 400 and an unknown one with 404', async () => {
    await expectRefused(await t.app.request('/api/tickets/12345'), 400, 'invalid_request', 'NJ-')
    await expectRefused(await t.app.request('/api/tickets/NJ-990101-0001'), 404, 'ticket_not_found', 'NJ-990101-0001')
  })

  it('refuses a reply without the admin token, or with a wrong one', async () => {
    const { ticketNumber } = (await (await t.app.request('/api/messages', json({ text: '拖欠工资' }))).json()) as { ticketNumber: string }
    const url = `/api/tickets/${ticketNumber}/replies`
    await expectRefused(await t.app.request(url, json({ text: '您好' })), 401, 'unauthorized', 'admin token')
    await expectRefused(await t.app.request(url, json({ text: '您好' }, { authorization: 'Bearer wrong-token-wrong-token' })), 401, 'unauthorized')
    await expectRefused(await t.app.request(url, json({ text: '' }, admin)), 400, 'invalid_request', 'empty')
    await expectRefused(await t.app.request('/api/tickets/NJ-990101-0001/replies', json({ text: '您好' }, admin)), 404, 'ticket_not_found')
    expect(await t.desk.db.message.count({ where: { direction: 'out', kind: { not: 'auto' } } })).toBe(0)
  })

  it('answers unknown paths with a 404 that points at the docs', async () => {
    await expectRefused(await t.app.request('/api/nothing-here'), 404, 'not_found', '/docs')
  })
})
