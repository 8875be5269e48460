import { describe, expect, it } from 'vitest'
import { deskForThisFile } from '../support/desk.ts'
import { addMessage, ask, cadre, cidOf, follow, form, page, textOf, urlsOf } from './portal-support.ts'

const t = deskForThisFile()

/** The same page whatever number was typed: the number they typed is given back in the form, nothing else differs. */
const sameNeutral = (html: string) => html.replace(/value="[^"]*"/g, 'value=""').replace(/NJ-\d{6}-\d{4,}/g, 'NJ-…')

describe('the portal: following a request', () => {
  it('opens the request with its number and code: the status, when to expect an answer, what they wrote', async () => {
    const keys = await ask(t, { text: '厂里拖欠工资，车间里很多人都没拿到' })
    const p = await follow(t, keys)
    expect(p.status).toBe(200)
    expect(p.headers.get('cache-control')).toBe('no-store')
    const text = textOf(p.html)
    expect(text).toContain(`求助 ${keys.number}`)
    expect(text).toContain('已受理，等待工会干部答复')
    expect(text).toMatch(/工会干部会在.+前答复您/)
    expect(text).toContain('厂里拖欠工资，车间里很多人都没拿到')
    // When they wrote, as the console says it: Beijing time, “12月2日 08:30”.
    const wrote = await t.desk.db.message.findFirstOrThrow({ where: { ticket: { number: keys.number } } })
    const beijing = new Date(wrote.createdAt.getTime() + 8 * 3600_000)
    const two = (n: number) => String(n).padStart(2, '0')
    expect(p.html).toContain(`<time datetime="${wrote.createdAt.toISOString()}">${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${two(beijing.getUTCHours())}:${two(beijing.getUTCMinutes())}</time>`)
    expect(p.html).toContain('action="/portal/follow/message"')
    // Typed as people type it: lower case, spaces, a full-width dash.
    const loose = await follow(t, { number: ` ${keys.number.toLowerCase().replace('-', '－')} `, code: keys.code.toLowerCase().replace(/(.{4})/g, '$1 ') })
    expect(loose.status).toBe(200)
  })

  it('answers a wrong code, a wrong number and a malformed one with the same neutral page', async () => {
    const keys = await ask(t, { text: '公司拖欠加班费' })
    const wrongCode = await follow(t, { number: keys.number, code: keys.code.slice(1) + (keys.code[0] === '2' ? '3' : '2') })
    const wrongNumber = await follow(t, { number: 'NJ-990101-0001', code: keys.code })
    const malformed = await follow(t, { number: '我的编号', code: '' })
    for (const p of [wrongCode, wrongNumber, malformed]) {
      expect(p.status).toBe(404)
      expect(textOf(p.html)).toContain('没有查到。请核对编号和查询码')
    }
    // Only what was typed differs (given back in the form); nothing says which of the two was wrong.
    expect(sameNeutral(wrongNumber.html)).toBe(sameNeutral(wrongCode.html))
    expect(textOf(malformed.html).replace('我的编号', '')).toBe(textOf(wrongCode.html))
    expect(wrongCode.html).not.toContain('公司拖欠加班费')
    // Continuing or rating with a wrong code is the same page, and writes nothing.
    const before = await t.desk.db.message.count()
    const bad = { number: keys.number, code: 'ABCDEFGHJK', text: '补充', cid: 'f-bad-code-000001', rating: 'satisfied' }
    for (const path of ['/portal/follow/message', '/portal/follow/rating']) {
      const p = await page(t, path, form(bad))
      expect(p.status).toBe(404)
      expect(sameNeutral(p.html)).toBe(sameNeutral(wrongCode.html))
    }
    expect(await t.desk.db.message.count()).toBe(before)
  })

  it('adds to the request, and a double tap adds once', async () => {
    const keys = await ask(t, { text: '单位不交社保' })
    const shown = await follow(t, keys)
    const fields = { number: keys.number, code: keys.code, text: '补充：已经欠了半年了', cid: cidOf(shown.html) }
    const added = await page(t, '/portal/follow/message', form(fields))
    expect(added.status).toBe(200)
    // What they added answers the desk's questions; it says so, or asks the next one.
    expect(textOf(added.html)).toMatch(/谢谢，情况都记下了|收到您的补充|？/)
    const again = await page(t, '/portal/follow/message', form(fields))
    expect(again.status).toBe(200)
    const texts = (await t.desk.db.message.findMany({ where: { ticket: { number: keys.number }, direction: 'in' }, orderBy: { createdAt: 'asc' } })).map((m) => m.text)
    expect(texts).toEqual(['单位不交社保', '补充：已经欠了半年了'])
    const talk = textOf(again.html)
    expect(talk.indexOf('单位不交社保')).toBeLessThan(talk.indexOf('补充：已经欠了半年了'))
    // An empty box comes back with a line, and writes nothing.
    const empty = await page(t, '/portal/follow/message', form({ number: keys.number, code: keys.code, text: '  ', cid: 'f-empty-00000001' }))
    expect(empty.status).toBe(400)
    expect(textOf(empty.html)).toContain('请写下您遇到的事')
  })

  it('shows a cadre’s answer and question, oldest first; answering the question sets the ticket going again', async () => {
    const keys = await ask(t, { text: '老板拖欠工资三个月了' })
    await cadre(t, keys.number, 'replies', { text: '您好，我们已经联系了企业，请问您有工资条吗？' })
    const replied = textOf((await follow(t, keys)).html)
    expect(replied).toContain('工会干部已答复')
    expect(replied).toContain('工会干部答复')
    expect(replied).toContain('您好，我们已经联系了企业，请问您有工资条吗？')
    expect(replied.indexOf('老板拖欠工资三个月了')).toBeLessThan(replied.indexOf('我们已经联系了企业'))

    await cadre(t, keys.number, 'questions', { text: '请问是几月份开始欠的？' })
    const asked = await follow(t, keys)
    expect(textOf(asked.html)).toContain('工会干部在等您补充情况')
    expect(textOf(asked.html)).toContain('工会干部提问')
    expect(textOf(asked.html)).toContain('回答工会干部')
    const answered = await addMessage(t, keys, '从九月份开始欠的')
    expect(answered.status).toBe(200)
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number: keys.number } })).status).toBe('open')
    const order = textOf(answered.html)
    expect(order.indexOf('请问是几月份开始欠的？')).toBeLessThan(order.indexOf('从九月份开始欠的'))
  })

  it('after closing shows the result and the three rating buttons; a tap records the rating, once', async () => {
    const keys = await ask(t, { text: '公司拖欠十一月工资' })
    await cadre(t, keys.number, 'close', { summary: '已协调企业补发11月工资3,200元' })
    const closed = await follow(t, keys)
    const text = textOf(closed.html)
    expect(text).toContain('已办结')
    expect(text).toContain('已协调企业补发11月工资3,200元')
    expect(text).toContain('这次服务您满意吗？')
    for (const r of ['satisfied', 'basically_satisfied', 'unsatisfied']) expect(closed.html).toContain(`name="rating" value="${r}"`)
    expect(closed.html).not.toContain('action="/portal/follow/message"')
    expect(text).not.toContain('直接回复数字')

    const rateCid = /action="\/portal\/follow\/rating"[\s\S]*?name="cid" value="([^"]+)"/.exec(closed.html)![1]!
    const tickets = await t.desk.db.ticket.count()
    const rate = { number: keys.number, code: keys.code, cid: rateCid, rating: 'basically_satisfied' }
    const rated = await page(t, '/portal/follow/rating', form(rate))
    expect(rated.status).toBe(200)
    expect(textOf(rated.html)).toContain('谢谢您的评价（基本满意）')
    expect(textOf(rated.html)).toContain('您的评价：基本满意')
    expect(rated.html).not.toContain('name="rating"')
    // A second tap, and a tap on another button later: still one rating, and no new ticket.
    await page(t, '/portal/follow/rating', form(rate))
    await page(t, '/portal/follow/rating', form({ ...rate, cid: 'f-later-tap-0001', rating: 'unsatisfied' }))
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: keys.number } })
    expect(ticket.satisfaction).toBe('basically_satisfied')
    expect(await t.desk.db.ticket.count()).toBe(tickets)
    const events = await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'satisfaction.answered' } })
    expect(events).toBe(1)
  })

  it('shows whatever a worker or cadre wrote as text, never as markup', async () => {
    const attack = '<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)></svg><a href="javascript:alert(4)">点我</a>"\'&'
    const keys = await ask(t, { text: `工资被拖欠 ${attack}`, name: attack.slice(0, 50) })
    await cadre(t, keys.number, 'replies', { text: `收到 ${attack}` })
    for (const p of [keys.created, await follow(t, keys), await addMessage(t, keys, attack)]) {
      expect(p.html).not.toMatch(/<script|<img|<svg|<a href="javascript:/i)
      expect(p.html).not.toMatch(/<[^>]*\son(error|load)=/i)
      expect(urlsOf(p.html).every((u) => !/^\s*javascript:/i.test(u))).toBe(true)
    }
    const shown = await follow(t, keys)
    expect(shown.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;')
    expect(textOf(shown.html)).toContain(`收到 ${attack}`)
  })

  it('never puts the code in a URL or a log line', async () => {
    const keys = await ask(t, { text: '想咨询劳动合同的问题' })
    await cadre(t, keys.number, 'replies', { text: '您好，请说说具体情况' })
    const pages = [keys.created, await follow(t, keys), await addMessage(t, keys, '合同到期不续签'), await follow(t, keys, { zh: 'hant' })]
    await cadre(t, keys.number, 'close')
    pages.push(await follow(t, keys))
    for (const p of pages) {
      expect(p.status).toBeLessThan(300)
      for (const url of urlsOf(p.html)) expect(url).not.toContain(keys.code)
      expect(p.headers.get('location') ?? '').not.toContain(keys.code)
    }
    expect(t.logs()).toContain(keys.number)
    expect(t.logs()).not.toContain(keys.code)
    expect(t.logs()).not.toContain('合同到期不续签')
  })
})
