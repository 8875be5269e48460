// Defect D4: a NUL in a text (PostgreSQL: "invalid byte sequence 0x00") or a lone surrogate
// (Prisma's JSON: on both databases) answered 500. Every text taken in is cleaned at the
// boundary (the API's schemas, the forms, InboundMessage): NUL and the other C0 controls
// except newline and tab are dropped, a lone surrogate becomes U+FFFD; the message is kept.
import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { cleanText } from '../../src/lib/clean-text.ts'
import { admin, deskForThisFile, json } from '../support/desk.ts'
import { ask, form, page, textOf } from '../web/portal-support.ts'

const t = deskForThisFile()
const storedText = async (number: string) =>
  (await t.desk.db.message.findFirstOrThrow({ where: { ticket: { number }, direction: 'in' }, orderBy: { createdAt: 'asc' } })).text

describe('cleanText', () => {
  it('drops C0 controls but newline and tab, makes CR LF a newline, and replaces lone surrogates', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007fe')).toBe('abcde')
    expect(cleanText('一\r\n二\r三\n四\t五')).toBe('一\n二\n三\n四\t五')
    expect(cleanText('x\ud800y')).toBe('x\ufffdy')
    expect(cleanText('x\udc00y\ud83d')).toBe('x\ufffdy\ufffd')
    expect(cleanText('工友😀好')).toBe('工友😀好') // a pair is a character, kept
  })
})

describe('POST /api/messages with control characters and lone surrogates (defect: 500)', () => {
  it('keeps a text with a NUL, without it', async () => {
    const res = await t.app.request('/api/messages', json({ text: 'a\u0000b 拖欠工资' }))
    expect(res.status).toBe(201)
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    expect(await storedText(ticketNumber)).toBe('ab 拖欠工资')
  })

  it('takes a NUL in orgHint and name', async () => {
    const res = await t.app.request('/api/messages', json({ text: '公司拖欠工资三个月', orgHint: '粤海\u0000街道', name: '王\u0000师傅' }))
    expect(res.status).toBe(201)
  })

  it('keeps a text with a lone surrogate, as U+FFFD', async () => {
    const res = await t.app.request('/api/messages', json({ text: 'x\ud800y 拖欠工资', name: '李\udc00' }))
    expect(res.status).toBe(201)
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    expect(await storedText(ticketNumber)).toBe('x\ufffdy 拖欠工资')
  })

  it('a text of nothing but controls is empty: 400 with the reason', async () => {
    const res = await t.app.request('/api/messages', json({ text: '\u0000\u0001\u0002' }))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('empty')
  })

  it('a NUL in an access code is a wrong code (404), not a 500', async () => {
    const opened = (await (await t.app.request('/api/messages', json({ text: '单位拖欠工资' }))).json()) as { ticketNumber: string }
    const res = await t.app.request('/api/messages', json({ text: '补充', ticketNumber: opened.ticketNumber, accessCode: 'AB\u0000CD' }))
    expect(res.status).toBe(404)
    expect((await t.app.request(`/api/tickets/${opened.ticketNumber}?code=AB%00CD`)).status).toBe(404)
  })

  it('a cadre’s reply through the admin API with a NUL and a lone surrogate is sent, cleaned', async () => {
    const { ticketNumber } = (await (await t.app.request('/api/messages', json({ text: '工厂拖欠工资' }))).json()) as { ticketNumber: string }
    const res = await t.app.request(`/api/tickets/${ticketNumber}/replies`, json({ text: '您好\u0000，我们\ud800已联系厂方。' }, admin))
    expect(res.status).toBeLessThan(300)
    const out = await t.desk.db.message.findFirstOrThrow({ where: { ticket: { number: ticketNumber }, direction: 'out', authorCadreId: { not: null } } })
    expect(out.text).toBe('您好，我们\ufffd已联系厂方。')
  })
})

describe('the portal’s forms and the channel-independent intake', () => {
  it('takes a portal request with a NUL and a lone surrogate', async () => {
    const keys = await ask(t, { text: '老板\u0000拖欠\ud800工资' })
    expect(await storedText(keys.number)).toBe('老板拖欠\ufffd工资')
    const more = await page(t, '/portal/follow/message', form({ number: keys.number, code: keys.code, text: '补充\u0000一句', cid: 'f-control-chars-01' }))
    expect(more.status, textOf(more.html)).toBe(200)
  })

  it('InboundMessage cleans what any channel hands in', async () => {
    const result = await acceptMessage(t.desk, {
      channel: 'wechat_oa', externalUserId: 'oControl000000000000000001', externalMessageId: 'ctl-1', text: '工资\u0000被拖欠\udfff了', media: [], profile: { orgHint: '粤海\u0000' }, receivedAt: new Date(),
    })
    expect(result.ticketNumber).toBeTruthy()
    const m = await t.desk.db.message.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: 'ctl-1' } } })
    expect(m.text).toBe('工资被拖欠\ufffd了')
  })
})
