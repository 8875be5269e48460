// Defect D3: the follow routes that take a number and code (/portal/follow/message,
// /portal/follow/rating) took only the web_intake limit and looked the pair up even after it
// was spent: 150 wrong guesses all answered 404, never 429, and the right code over the limit
// still showed the whole case. Every number+code look-up, on the portal and the API, now
// takes the status limit per address before anything is looked up; a refusal shows nothing.
import { describe, expect, it } from 'vitest'
import { json, deskForThisFile } from '../support/desk.ts'
import { ask, form, page, sameSite, textOf } from './portal-support.ts'

// TRUST_PROXY: each test is its own client address (X-Forwarded-For), so each starts with a full allowance.
const t = deskForThisFile({ env: { TRUST_PROXY: 'true', RATE_LIMIT_STATUS: '3/600', RATE_LIMIT_WEB_INTAKE: '1000/600', RATE_LIMIT_WEB_TICKET: '1000/600' } })
const from = (address: string) => ({ ...sameSite, 'x-forwarded-for': address })
const caseText = '车间主任扣了我们两个月的绩效工资'

describe('the portal’s follow routes count number+code look-ups per address (status), before looking up', () => {
  for (const path of ['/portal/follow/message', '/portal/follow/rating']) {
    it(`${path}: wrong guesses reach 429, and then the right code shows nothing of the case and writes nothing`, async () => {
      const address = `198.51.100.${path.length}`
      const keys = await ask(t, { text: caseText })
      const guess = (code: string) => page(t, path, form({ number: keys.number, code, text: '补充一句', cid: `f-${Math.random().toString(36).slice(2, 14)}`, rating: 'satisfied' }, from(address)))
      for (let i = 0; i < 3; i++) expect((await guess(`WRONG${i}CODE2`.slice(0, 10))).status).toBe(404)
      const spent = await guess('WRONG9CODE')
      expect(spent.status).toBe(429)
      expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(textOf(spent.html)).toContain('查询得太频繁了')

      const before = await t.desk.db.message.count()
      const right = await guess(keys.code)
      expect(right.status).toBe(429)
      expect(textOf(right.html)).toContain('查询得太频繁了')
      expect(right.html).not.toContain(caseText)
      expect(right.html).not.toContain('已受理')
      expect(await t.desk.db.message.count()).toBe(before)
    })
  }

  it('the limit is shared with /portal/follow: spent there, adding to the request is refused before the look-up', async () => {
    const address = '198.51.100.200'
    const keys = await ask(t, { text: caseText })
    for (let i = 0; i < 3; i++) expect((await page(t, '/portal/follow', form({ number: keys.number, code: keys.code }, from(address)))).status).toBe(200)
    const refused = await page(t, '/portal/follow/message', form({ number: keys.number, code: keys.code, text: '补充', cid: 'f-shared-limit-01' }, from(address)))
    expect(refused.status).toBe(429)
    expect(refused.html).not.toContain(caseText)
  })

  it('POST /api/messages with a number and code takes the status limit too', async () => {
    const address = '198.51.100.201'
    const keys = await ask(t, { text: caseText })
    const more = (code: string) => t.app.request('/api/messages', json({ text: '补充一句', ticketNumber: keys.number, accessCode: code }, { 'x-forwarded-for': address }))
    for (let i = 0; i < 3; i++) expect((await more('ABCDEFGHJK')).status).toBe(404)
    const over = await more(keys.code)
    expect(over.status).toBe(429)
    expect(((await over.json()) as { error: { code?: string } }).error).toBeTruthy()
    // A new request (no number, nothing looked up) is not a look-up.
    expect((await t.app.request('/api/messages', json({ text: '另一件事：公司不给交社保' }, { 'x-forwarded-for': address }))).status).toBe(201)
  })
})
