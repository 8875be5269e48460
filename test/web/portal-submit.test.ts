import { describe, expect, it } from 'vitest'
import { appCss, appCssHref, contentHash } from '../../src/web/ui/assets.ts'
import { deskForThisFile } from '../support/desk.ts'
import { ask, cidOf, form, keysOf, page, textOf } from './portal-support.ts'

const t = deskForThisFile()

describe('the portal: asking for help', () => {
  it('serves a small page with the text box, the privacy notice, both ticks and the hot line, and no script', async () => {
    const p = await page(t, '/portal')
    expect(p.status).toBe(200)
    expect(p.headers.get('content-type')).toMatch(/^text\/html/)
    expect(p.headers.get('cache-control')).toBe('no-store')
    expect(p.headers.get('content-security-policy')).toContain("script-src 'self'")
    const text = textOf(p.html)
    for (const words of ['有难处，跟工会说', '12351', '您的信息我们怎么保管', '加密保存', '谁能看到', '为什么保存', '病情、收入、残疾']) expect(text).toContain(words)
    expect(p.html).toMatch(/<textarea[^>]*name="text"/)
    expect(p.html).toMatch(/<input type="checkbox" name="agree" value="yes" required/)
    expect(p.html).toMatch(/<input type="checkbox" name="sensitive" value="yes"\s*\/?>/)
    expect(p.html).toContain('href="tel:12351"')
    expect(cidOf(p.html)).toMatch(/^f-[\w-]+$/)
    expect(p.html).not.toMatch(/<script|<img|@font-face|https?:\/\//i)
    expect(p.html.length).toBeLessThan(8 * 1024)
    expect(p.html).toContain(`<link rel="stylesheet" href="${appCssHref}"`)
  })

  it('serves the stylesheet under a content hash, cacheable for a year; another name is not it', async () => {
    expect(appCssHref).toBe(`/assets/app.${contentHash(appCss)}.css`)
    const css = await t.app.request(appCssHref)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await css.text()).toBe(appCss)
    expect((await t.app.request('/assets/app.00000000.css')).status).toBe(404)
  })

  it('opens a request and shows its number and code once, prominently, with how to keep them', async () => {
    const { number, code, created } = await ask(t, { text: '老板拖欠我们三个月工资了，二十多个人', name: '王师傅', phone: '13800138000' })
    expect(number).toMatch(/^NJ-\d{6}-\d{4,}$/)
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/)
    const text = textOf(created.html)
    expect(text).toContain('查询码只显示这一次')
    expect(text).toContain('截屏')
    expect(text).toContain('抄在纸上')
    expect(text).toContain('/portal/follow')
    expect(created.html).toContain('action="/portal/follow"')
    expect(created.headers.get('cache-control')).toBe('no-store')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { messages: true, worker: true } })
    expect(ticket.channel).toBe('web')
    expect(ticket.messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['老板拖欠我们三个月工资了，二十多个人'])
    expect(t.desk.crypto.open(ticket.worker.nameEnc!)).toBe('王师傅')
    // The API's rule holds here too: the same number with this code opens it.
    expect((await t.app.request(`/api/tickets/${number}?code=${code}`)).status).toBe(200)
  })

  it('answers the same form posted twice like the API’s duplicate: the same ticket, no second one, no code', async () => {
    const cid = cidOf((await page(t, '/portal')).html)
    const fields = { text: '公司不给交社保，想咨询一下', agree: 'yes', cid }
    const first = await page(t, '/portal', form(fields))
    expect(first.status).toBe(201)
    const before = await t.desk.db.ticket.count()
    const again = await page(t, '/portal', form(fields))
    expect(again.status).toBe(200)
    expect(textOf(again.html)).toContain('这份求助已经登记过了')
    expect(keysOf(again.html).number).toBe(keysOf(first.html).number)
    expect(again.html).not.toContain(keysOf(first.html).code)
    expect(await t.desk.db.ticket.count()).toBe(before)
  })

  it('gives the form back, with what they typed and a clear line, when something needs fixing; nothing is written', async () => {
    const before = await t.desk.db.message.count()
    const cases: [Record<string, string>, string][] = [
      [{ text: '   ', name: '李大姐', agree: 'yes' }, '请写下您遇到的事'],
      [{ text: '工'.repeat(2001), agree: 'yes' }, '一次最多2000字'],
      [{ text: '加班费不给算', phone: 'call me', agree: 'yes' }, '电话请只写数字'],
      [{ text: '加班费不给算', name: '李大姐' }, '请先勾选“同意”'],
    ]
    for (const [fields, says] of cases) {
      const p = await page(t, '/portal', form({ cid: 'f-retry-0000000001', ...fields }))
      expect(p.status).toBe(400)
      expect(p.headers.get('content-type')).toMatch(/^text\/html/)
      expect(textOf(p.html)).toContain(says)
      expect(p.html).toContain('role="alert"')
      if (fields.text?.trim()) expect(p.html).toContain(fields.text)
      if (fields.name) expect(p.html).toContain(`value="${fields.name}"`)
      expect(cidOf(p.html)).toBe('f-retry-0000000001')
      expect(p.html).not.toMatch(/"error"\s*:|at \w+ \(|node_modules/)
    }
    expect(await t.desk.db.message.count()).toBe(before)
  })

  it('refuses cross-site posts with a page, writing nothing, whether the browser says Origin or Sec-Fetch-Site or neither', async () => {
    const before = await t.desk.db.message.count()
    const fields = { text: '有人冒充我提交', agree: 'yes' }
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      {},
    ]
    for (const headers of attempts) {
      for (const path of ['/portal', '/portal/follow', '/portal/follow/message', '/portal/follow/rating']) {
        const p = await page(t, path, form(fields, headers))
        expect(p.status, `${path} ${JSON.stringify(headers)}`).toBe(403)
        expect(textOf(p.html)).toContain('不是从本网站的页面发出的')
      }
    }
    expect(await t.desk.db.message.count()).toBe(before)
    // Either signal alone is enough for the desk's own pages (a no-referrer page sends Origin: null).
    expect((await page(t, '/portal', form(fields, { 'sec-fetch-site': 'same-origin', origin: 'null' }))).status).toBe(201)
    expect((await page(t, '/portal', form({ ...fields, text: '还有一件事：厂里扣了我们的押金不退' }, { origin: 'http://localhost' }))).status).toBe(201)
  })

  it('points anything else under /portal back to the start, as a page', async () => {
    const p = await page(t, '/portal/nothing-here')
    expect(p.status).toBe(404)
    expect(p.html).toContain('href="/portal"')
  })
})

describe('consent', () => {
  it('keeps what the worker agreed to on the ticket’s record: the notice, and sensitive facts only when ticked', async () => {
    for (const sensitive of [false, true]) {
      const { number } = await ask(t, { text: sensitive ? '家里老人重病住院，收入很低，想申请帮扶' : '公司拖欠工资两个月', agree: 'yes', ...(sensitive ? { sensitive: 'yes' } : {}) })
      const event = await t.desk.db.ticketEvent.findFirstOrThrow({ where: { ticket: { number }, type: 'consent.given' } })
      expect(JSON.parse(event.data!)).toEqual({ notice: true, sensitive, via: 'portal' })
    }
  })
})
