import { describe, expect, it } from 'vitest'
import { deskForThisFile } from '../support/desk.ts'
import { ask, cidOf, follow, form, page, textOf } from './portal-support.ts'

// Every in-process request comes from one address ('unknown'), so low limits are reached at once.
const t = deskForThisFile({ env: { RATE_LIMIT_WEB_INTAKE: '4/600', RATE_LIMIT_WEB_TICKET: '2/600', RATE_LIMIT_STATUS: '6/60' } })

describe('the portal keeps the API’s limits, and says so in words', () => {
  it('limits messages to one request, then new requests per address, giving back what was typed; nothing is written', async () => {
    const keys = await ask(t, { text: '单位拖欠工资' }) // web_intake 1
    const shown = await follow(t, keys) // status 1 (each message to the request below is a look-up too: status 2–4)
    const more = (text: string) => page(t, '/portal/follow/message', form({ number: keys.number, code: keys.code, text, cid: `f-${text.length}-${Date.now()}` }))
    expect((await more('补充一')).status).toBe(200) // web_intake 2, web_ticket 1
    expect((await more('补充二二')).status).toBe(200) // web_intake 3, web_ticket 2
    const tooMany = await more('补充三三三') // web_intake 4, web_ticket over
    expect(tooMany.status).toBe(429)
    expect(Number(tooMany.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(textOf(tooMany.html)).toContain('这份求助短时间内收到的消息太多了')
    expect(tooMany.html).toContain('补充三三三</textarea>')

    const before = await t.desk.db.message.count()
    const cid = cidOf(shown.html)
    const over = await page(t, '/portal', form({ text: '我还有一件事想说', agree: 'yes', cid })) // web_intake over
    expect(over.status).toBe(429)
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(textOf(over.html)).toMatch(/提交得太频繁了，请过\d+分钟再试。着急的话请拨打 12351/)
    expect(over.html).toContain('我还有一件事想说</textarea>')
    expect(over.html).not.toMatch(/"error"\s*:/)
    expect(await t.desk.db.message.count()).toBe(before)
  })

  it('limits look-ups per address like the status API, right codes and wrong ones alike', async () => {
    const wrong = { number: 'NJ-990101-0001', code: 'ABCDEFGHJK' }
    expect((await follow(t, wrong)).status).toBe(404) // status 5 (the first test took four)
    expect((await follow(t, wrong)).status).toBe(404) // status 6
    const over = await follow(t, wrong)
    expect(over.status).toBe(429)
    expect(textOf(over.html)).toContain('查询得太频繁了')
  })
})
