import { describe, expect, it } from 'vitest'
import { deskForThisFile, eventually } from '../support/desk.ts'
import { posting } from './jobs-support.ts'
import { form, page, textOf, urlsOf } from './portal-support.ts'

// Pushes go out at any hour here: the quiet hours have their own tests in the domain.
const t = deskForThisFile({ env: { JOB_QUIET_HOURS: 'none' } })

const codeOn = (html: string) => /id="subscription-code">([^<]+)</.exec(html)?.[1] ?? ''

async function subscribe(fields: Record<string, string>) {
  const p = await page(t, '/portal/jobs', form(fields))
  expect(p.status, textOf(p.html)).toBe(201)
  return { code: codeOn(p.html), p }
}

describe('subscribing to job postings on the portal', () => {
  it('serves the form: trade words, a place and a pay floor, no name or phone, not kept by caches', async () => {
    const p = await page(t, '/portal/jobs')
    expect(p.status).toBe(200)
    expect(p.headers.get('cache-control')).toBe('no-store')
    expect(p.html).toMatch(/<input type="text" id="trade" name="trade"/)
    expect(p.html).toMatch(/<input type="text" id="place" name="place"/)
    expect(p.html).toMatch(/<select id="pay" name="pay">/)
    expect(p.html).not.toMatch(/name="(name|phone)"/)
    expect(textOf(p.html)).toContain('订阅 电工 定海')
    expect(p.html).not.toMatch(/<script/i)
    // The portal's pages lead to the board.
    expect((await page(t, '/portal')).html).toContain('href="/jobs"')
  })

  it('subscribes, shows the code once and big with how to keep it, and opens the subscriber’s page by it', async () => {
    await posting(t, { title: '维修电工', trade: '电工', regionCode: '330902', payMin: 5000, payMax: 6000 })
    const { code, p } = await subscribe({ trade: '电工', place: '定海', pay: '5000' })
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/)
    const text = textOf(p.html)
    expect(text).toContain('请截图或记下来')
    expect(text).toContain('订阅的是：电工｜浙江省舟山市定海区｜5000元以上')
    expect(text).toContain('眼下就有 1 个合适的岗位')
    expect(p.headers.get('cache-control')).toBe('no-store')
    expect(p.html).toContain(`href="/portal/jobs/mine?code=${code}"`)
    expect(t.logs()).not.toContain(code)
    const sub = await t.desk.db.jobSubscription.findFirstOrThrow({ where: { keywords: '电工', endedAt: null } })
    expect(sub).toMatchObject({ channel: 'web', regionCode: '330902', payFloor: 5000, anyTrade: false })

    const mine = await page(t, `/portal/jobs/mine?code=${code}`)
    expect(mine.status).toBe(200)
    expect(mine.headers.get('cache-control')).toBe('no-store')
    expect(textOf(mine.html)).toContain('电工｜浙江省舟山市定海区｜5000元以上')
    // The code is shown once: the page by it does not print it again.
    expect(codeOn(mine.html)).toBe('')
    expect(textOf(mine.html)).not.toContain(code)
    // The same by a POST (typed in the form, in lower case), the code in the body.
    const posted = await page(t, '/portal/jobs/mine', form({ code: code.toLowerCase() }))
    expect(posted.status).toBe(200)
    expect(textOf(posted.html)).toContain('电工｜浙江省舟山市定海区｜5000元以上')
    for (const url of urlsOf(posted.html)) expect(url).not.toContain(code)

    // A posting published now is pushed to them: the portal's delivery is their page.
    const fresh = await posting(t, { title: '电工（新）', trade: '电工', regionCode: '330902', payMin: 6000, payMax: 7000 })
    const shown = await eventually(async () => {
      const html = (await page(t, `/portal/jobs/mine?code=${code}`)).html
      return html.includes(fresh.number) ? html : null
    })
    expect(shown).toContain(`href="/jobs/${fresh.number}"`)
  })

  it('answers a wrong code like no code: the page asking for the code, 404', async () => {
    const none = await page(t, '/portal/jobs/mine')
    expect(none.status).toBe(200)
    expect(none.html).toContain('action="/portal/jobs/mine"')
    for (const wrong of ['/portal/jobs/mine?code=ABCDEFGHJK', '/portal/jobs/mine?code=', `/portal/jobs/mine?code=${'A'.repeat(500)}`]) {
      const p = await page(t, wrong)
      expect(p.status, wrong).toBe(404)
      expect(p.html, wrong).toContain('action="/portal/jobs/mine"')
      expect(textOf(p.html), wrong).toContain('没有查到')
    }
    const posted = await page(t, '/portal/jobs/mine', form({ code: 'ABCDEFGHJK' }))
    expect(posted.status).toBe(404)
    expect(textOf(posted.html)).toContain('没有查到')
  })

  it('adds to what a code has, refuses the same twice, and unsubscribes one or all', async () => {
    const { code } = await subscribe({ trade: '焊工', place: '舟山' })
    const added = await page(t, '/portal/jobs', form({ trade: '叉车', place: '', code }))
    expect(added.status).toBe(201)
    expect(codeOn(added.html)).toBe('')
    expect(textOf(added.html)).toContain('订阅好了')
    const same = await page(t, '/portal/jobs', form({ trade: '焊工', place: '舟山', code }))
    expect(same.status).toBe(409)
    expect(textOf(same.html)).toContain('这一项已经订阅过了')

    const mine = await page(t, `/portal/jobs/mine?code=${code}`)
    const ids = [...mine.html.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!)
    expect(ids).toHaveLength(2)
    const one = await page(t, '/portal/jobs/mine/unsubscribe', form({ code, id: ids[0]! }))
    expect(one.status).toBe(200)
    expect(textOf(one.html)).toContain('退订了：焊工｜浙江省舟山市')
    expect([...one.html.matchAll(/name="id" value="([^"]+)"/g)]).toHaveLength(1)
    // Someone else's code cannot end this one.
    const other = await subscribe({ trade: '电焊工', place: '' })
    const foreign = await page(t, '/portal/jobs/mine/unsubscribe', form({ code: other.code, id: ids[1]! }))
    expect(textOf(foreign.html)).toContain('这一项之前就退订了')
    expect(await t.desk.db.jobSubscription.findUniqueOrThrow({ where: { id: ids[1]! } })).toMatchObject({ endedAt: null })

    const all = await page(t, '/portal/jobs/mine/unsubscribe', form({ code, all: 'yes' }))
    expect(textOf(all.html)).toContain('全部退订了')
    expect(all.html).toContain('id="no-subscriptions"')
    expect((await page(t, '/portal/jobs/mine/unsubscribe', form({ code: 'ABCDEFGHJK', all: 'yes' }))).status).toBe(404)
  })

  it('gives the form back with a clear line when it cannot subscribe, and keeps nothing', async () => {
    const before = await t.desk.db.jobSubscription.count()
    const cases: [Record<string, string>, string][] = [
      [{ trade: '', place: '' }, '至少写一样'],
      [{ trade: '宇航员', place: '' }, '没认出是哪个工种'],
      [{ trade: '电工', place: '火星' }, '没认出“火星”是哪里'],
    ]
    for (const [fields, says] of cases) {
      const p = await page(t, '/portal/jobs', form(fields))
      expect(p.status, says).toBe(400)
      expect(textOf(p.html), says).toContain(says)
      expect(codeOn(p.html)).toBe('')
    }
    expect(await t.desk.db.jobSubscription.count()).toBe(before)
    // From another site's page: refused before anything is read.
    expect((await page(t, '/portal/jobs', form({ trade: '电工', place: '定海' }, { origin: 'https://evil.example' }))).status).toBe(403)
    expect(await t.desk.db.jobSubscription.count()).toBe(before)
  })

  it('answers in Traditional when the worker writes in it', async () => {
    const p = await page(t, '/portal/jobs', form({ trade: '電工', place: '定海' }))
    expect(p.status).toBe(201)
    expect(p.html).toContain('lang="zh-Hant"')
    expect(textOf(p.html)).toContain('訂閱好了')
  })
})
