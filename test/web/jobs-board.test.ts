import { beforeAll, describe, expect, it } from 'vitest'
import { BOARD_PAGE, subscribeOnPortal, unsubscribeToken } from '../../src/desk/postings/index.ts'
import type { JobPosting } from '../../src/generated/prisma/client.ts'
import { jobsCss, jobsCssHref, screenCss, screenCssHref } from '../../src/web/jobs/assets.ts'
import { SCREEN_PAGE } from '../../src/web/jobs/routes.tsx'
import { deskForThisFile } from '../support/desk.ts'
import { copies, posting } from './jobs-support.ts'
import { form, page, sameSite, textOf } from './portal-support.ts'

const t = deskForThisFile({ env: { JOB_QUIET_HOURS: 'none' } })

/** The posting numbers a page shows, in its order. */
const numbersOn = (html: string) => [...html.matchAll(/<span class="num">(G-\d{4}-\d{4,})<\/span>/g)].map((m) => m[1]!)

let dinghai: JobPosting, putuo: JobPosting, nanshan: JobPosting
let filled: JobPosting, withdrawn: JobPosting, expired: JobPosting, draft: JobPosting, review: JobPosting
const fillers: JobPosting[] = []

beforeAll(async () => {
  // More than a page of open postings, published first so that the ones below are the newest.
  const filler = await posting(t, { title: '仓库理货员', trade: '仓库管理员', employerName: '宝安仓储有限公司', regionCode: '440306', place: '新安街道', payMin: 4500, payMax: 5200, requirements: '', contact: '到厂门口报名' })
  fillers.push(...(await copies(t, filler, BOARD_PAGE)), filler)
  filled = await posting(t, { title: '叉车工（夜班）' }, 'filled')
  withdrawn = await posting(t, { title: '维修电工（已撤）', trade: '电工', regionCode: '330903' }, 'withdrawn')
  expired = await posting(t, { title: '叉车司机（去年的）' }, 'expired')
  draft = await posting(t, { title: '电焊工草稿', trade: '电焊工' }, 'draft')
  review = await posting(t, { title: '电焊工待审', trade: '电焊工' }, 'review')
  nanshan = await posting(t, { title: '<b>焊工</b>', trade: '焊工', employerName: '南山精工机械厂', regionCode: '440305', place: '西丽街道', payMin: 3500, payMax: 4000, headcount: 5, contact: '请到西丽街道工会报名' })
  putuo = await posting(t, { title: '维修电工', trade: '电工', employerName: '普陀船舶修造有限公司', regionCode: '330903', place: '沈家门街道', payMin: 4500, payMax: 5500, headcount: 2, contact: '电话 13905801234 李师傅' })
  dinghai = await posting(t)
})

describe('the job board: /jobs', () => {
  it('lists the open postings as cards, newest first, a page at a time, cacheable for a minute', async () => {
    const p = await page(t, '/jobs')
    expect(p.status).toBe(200)
    expect(p.headers.get('cache-control')).toBe('public, max-age=60')
    expect(p.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(p.html).not.toMatch(/<script|<img|@font-face/i)
    const shown = numbersOn(p.html)
    expect(shown).toHaveLength(BOARD_PAGE)
    expect(shown.slice(0, 3)).toEqual([dinghai.number, putuo.number, nanshan.number])
    for (const closed of [filled, withdrawn, expired, draft, review]) expect(p.html).not.toContain(closed.number)
    const text = textOf(p.html)
    expect(text).toContain(`眼下有 ${BOARD_PAGE + 4} 个岗位在招人`)
    for (const words of ['叉车司机', '舟山港城物流有限公司', '舟山定海 · 临城街道港湾路8号', '月薪6000–8000元', '招3人', dinghai.number, '截止']) expect(text).toContain(words)
    expect(p.html).toContain(`href="/jobs/${dinghai.number}"`)
    // Where new postings come without looking: the portal's form and the chat.
    expect(p.html).toContain('href="/portal/jobs"')
    expect(text).toContain('订阅 电工 定海')
    // Everything a firm wrote is escaped.
    expect(p.html).toContain('&lt;b&gt;焊工&lt;/b&gt;')
    expect(p.html).not.toContain('<b>焊工')
    expect(p.html).toContain(`<link rel="stylesheet" href="${jobsCssHref}"`)
    expect(p.html).toContain('rel="next"')

    const second = await page(t, '/jobs?page=2')
    expect(numbersOn(second.html)).toEqual(fillers.slice(0, 4).map((f) => f.number).reverse())
    expect(second.html).toContain('rel="prev"')
    const past = await page(t, '/jobs?page=9')
    expect(past.status).toBe(200)
    expect(textOf(past.html)).toContain('这一页没有岗位了')
  })

  it('finds by words and synonyms, in either script: 铲车 and 叉車 find the forklift job', async () => {
    for (const q of ['铲车', '叉车', '叉車', '港城物流']) {
      const p = await page(t, `/jobs?q=${encodeURIComponent(q)}`)
      expect(p.status, q).toBe(200)
      expect(numbersOn(p.html), q).toEqual([dinghai.number])
    }
    const traditional = await page(t, `/jobs?q=${encodeURIComponent('叉車')}`)
    expect(traditional.html).toContain('lang="zh-Hant"')
    expect(textOf(traditional.html)).toContain('找到 1 個崗位')
    // Its links keep the script.
    expect(traditional.html).toContain(`href="/jobs/${dinghai.number}?zh=hant"`)
    expect(numbersOn((await page(t, `/jobs?trade=${encodeURIComponent('电工')}`)).html)).toEqual([putuo.number])
  })

  it('filters by place: a city shows its counties’ postings, picked from the list or typed', async () => {
    const zhoushan = await page(t, '/jobs?region=330900')
    expect(numbersOn(zhoushan.html)).toEqual([dinghai.number, putuo.number])
    expect(numbersOn((await page(t, `/jobs?place=${encodeURIComponent('舟山')}`)).html)).toEqual([dinghai.number, putuo.number])
    expect(numbersOn((await page(t, `/jobs?place=${encodeURIComponent('定海')}`)).html)).toEqual([dinghai.number])
    expect(numbersOn((await page(t, `/jobs?region=330902&q=${encodeURIComponent('叉车')}`)).html)).toEqual([dinghai.number])
    // The list offers the cities around the counties that have postings, with their counts.
    const board = await page(t, '/jobs')
    expect(board.html).toMatch(/<option value="330900">[^<]*舟山市（2）<\/option>/)
    expect(board.html).toMatch(/<option value="330902">[^<]*定海区（1）<\/option>/)
    // A place it does not know is said so, and left out rather than finding nothing.
    const unknown = await page(t, `/jobs?place=${encodeURIComponent('火星')}`)
    expect(unknown.status).toBe(200)
    expect(textOf(unknown.html)).toContain('没认出“火星”是哪里')
    expect(numbersOn(unknown.html)).toHaveLength(BOARD_PAGE)
  })

  it('filters by pay: a floor keeps the postings that pay at least that at the top of their range', async () => {
    const five = numbersOn((await page(t, '/jobs?pay=5000')).html)
    expect(five.slice(0, 2)).toEqual([dinghai.number, putuo.number])
    expect(five).not.toContain(nanshan.number)
    expect(numbersOn((await page(t, '/jobs?pay=8000')).html)).toEqual([dinghai.number])
  })

  it('helps when nothing is found: other words, a wider place, or subscribing', async () => {
    const p = await page(t, `/jobs?q=${encodeURIComponent('潜水员')}`)
    expect(p.status).toBe(200)
    const text = textOf(p.html)
    expect(text).toContain('没有找到合适的岗位')
    expect(text).toContain('试试')
    expect(text).toContain('订阅')
    expect(p.html).toContain('href="/portal/jobs"')
  })

  it('answers bad input with a 400 page that says why, never a 500', async () => {
    const cases: [string, string][] = [
      [`/jobs?q=${encodeURIComponent('叉'.repeat(41))}`, '最多 40 个字'],
      [`/jobs?place=${encodeURIComponent('舟'.repeat(31))}`, '最多 30 个字'],
      ['/jobs?region=999999', '地方选得不对'],
      ['/jobs?region=abc', '地方选得不对'],
      ['/jobs?pay=1234', '工资选得不对'],
      ['/jobs?page=0', '页码不对'],
      ['/jobs?page=abc', '页码不对'],
      ['/jobs?page=100000', '页码不对'],
    ]
    for (const [path, says] of cases) {
      const p = await page(t, path)
      expect(p.status, path).toBe(400)
      expect(p.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(textOf(p.html), path).toContain(says)
    }
  })

  it('takes a posting number typed in the search box straight to the posting', async () => {
    const res = await t.app.request(`/jobs?q=${encodeURIComponent(dinghai.number.toLowerCase())}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`/jobs/${dinghai.number}`)
  })

  it('serves its stylesheets under a content hash, cacheable for a year', async () => {
    for (const [href, css] of [[jobsCssHref, jobsCss], [screenCssHref, screenCss]] as const) {
      const res = await t.app.request(href)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(await res.text()).toBe(css)
    }
    expect((await t.app.request('/jobs/assets/jobs.00000000.css')).status).toBe(404)
  })
})

describe('a posting’s page: /jobs/:number', () => {
  it('shows everything, with how to apply first and each phone number a tap to call', async () => {
    const p = await page(t, `/jobs/${dinghai.number}`)
    expect(p.status).toBe(200)
    expect(p.headers.get('cache-control')).toBe('public, max-age=60')
    const text = textOf(p.html)
    for (const words of ['怎么报名', '人事部王女士', '持叉车证，能上夜班', '月薪6000–8000元', '3人', '舟山港城物流有限公司', dinghai.number]) expect(text).toContain(words)
    expect(p.html).toContain('href="tel:05802012345"')
    expect(p.html.indexOf('怎么报名')).toBeLessThan(p.html.indexOf('岗位要求'))
    expect(textOf((await page(t, `/jobs/${putuo.number}`)).html)).toContain('打电话报名 13905801234')
    // No phone in the contact: no call button, the words as written.
    const noPhone = await page(t, `/jobs/${nanshan.number}`)
    expect(noPhone.html).not.toContain('href="tel:0')
    expect(textOf(noPhone.html)).toContain('请到西丽街道工会报名')
  })

  it('keeps the page of a posting that closed, says it is no longer open and leaves off the contact', async () => {
    const cases: [JobPosting, string][] = [[filled, '已经招满了'], [withdrawn, '已经撤下了'], [expired, '过了截止日期']]
    for (const [p, says] of cases) {
      const shown = await page(t, `/jobs/${p.number}`)
      expect(shown.status, p.number).toBe(200)
      expect(textOf(shown.html), p.number).toContain(says)
      expect(shown.html, p.number).not.toContain('href="tel:0580')
      expect(shown.html, p.number).toContain('href="/jobs"')
    }
  })

  it('never shows drafts or postings in review; an unknown number is a 404 page in Chinese', async () => {
    for (const path of [`/jobs/${draft.number}`, `/jobs/${review.number}`, '/jobs/G-2612-9999', '/jobs/whatever', '/jobs/a/b']) {
      const p = await page(t, path)
      expect(p.status, path).toBe(404)
      expect(p.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(p.html, path).toContain('lang="zh-Hans"')
    }
    expect(textOf((await page(t, '/jobs/G-2612-9999')).html)).toContain('没有找到编号 G-2612-9999 的岗位')
    for (const hidden of [draft, review]) expect(textOf((await page(t, `/jobs/${hidden.number}`)).html)).not.toContain(hidden.title)
    // A number typed in lower case finds its posting.
    const res = await t.app.request(`/jobs/${dinghai.number.toLowerCase()}`)
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe(`/jobs/${dinghai.number}`)
  })
})

describe('the screen in a service centre: /jobs/screen', () => {
  it('shows a screenful in big type and turns to the next page by itself, back to the first after the last', async () => {
    const first = await page(t, '/jobs/screen')
    expect(first.status).toBe(200)
    expect(first.html).toContain('<meta http-equiv="refresh" content="30;url=/jobs/screen?page=2"')
    expect(first.html).toContain(`<link rel="stylesheet" href="${screenCssHref}"`)
    expect(first.html).not.toMatch(/<script|<a /i)
    expect(numbersOn(first.html)).toHaveLength(SCREEN_PAGE)
    const screens = Math.ceil((BOARD_PAGE + 4) / SCREEN_PAGE)
    expect(textOf(first.html)).toContain(`第 1/${screens} 屏`)
    expect(textOf(first.html)).toContain('0580-2012345')
    expect(Number(/max-age=(\d+)/.exec(first.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(30)
    const last = await page(t, `/jobs/screen?page=${screens}`)
    expect(numbersOn(last.html)).toHaveLength(BOARD_PAGE + 4 - (screens - 1) * SCREEN_PAGE)
    expect(last.html).toContain('content="30;url=/jobs/screen"')
    // Past the end (postings closed since): the first page again.
    expect(numbersOn((await page(t, `/jobs/screen?page=${screens + 1}`)).html)).toEqual(numbersOn(first.html))
    expect(screenCss).toMatch(/@media print\{\s*@page\{size:A4/)
  })

  it('shows one region when asked, keeps it and the pace in the refresh, and refuses what it cannot show', async () => {
    const zhoushan = await page(t, '/jobs/screen?region=330900&every=60')
    expect(numbersOn(zhoushan.html)).toEqual([dinghai.number, putuo.number])
    expect(zhoushan.html).toContain('content="60;url=/jobs/screen?region=330900&amp;every=60"')
    expect(textOf(zhoushan.html)).toContain('舟山市')
    for (const path of ['/jobs/screen?region=12', '/jobs/screen?page=x', '/jobs/screen?every=1', '/jobs/screen?every=100000']) {
      const p = await page(t, path)
      expect(p.status, path).toBe(400)
      expect(p.headers.get('content-type'), path).toMatch(/^text\/html/)
    }
  })
})

describe('the one-tap unsubscribe link: /jobs/unsubscribe/:token', () => {
  it('ends the subscription at once, says which, offers to end the rest, and is the same when opened twice', async () => {
    const first = await subscribeOnPortal(t.desk, { trade: '电工', place: '定海' })
    expect(first.outcome.kind).toBe('subscribed')
    const code = first.code!
    const second = await subscribeOnPortal(t.desk, { trade: '焊工', place: '舟山' }, code)
    if (first.outcome.kind !== 'subscribed' || second.outcome.kind !== 'subscribed') throw new Error('not subscribed')
    const id = first.outcome.subscription.id
    const link = `/jobs/unsubscribe/${unsubscribeToken(t.desk, id)}`

    const p = await page(t, link)
    expect(p.status).toBe(200)
    expect(p.headers.get('cache-control')).toBe('no-store')
    expect(textOf(p.html)).toContain(`“${first.outcome.what}”的岗位推送退订了`)
    expect(textOf(p.html)).toContain(second.outcome.what)
    expect(p.html).toContain(`<form method="post" action="${link}"`)
    expect((await t.desk.db.jobSubscription.findUniqueOrThrow({ where: { id } })).endedAt).not.toBeNull()
    expect((await t.desk.db.jobSubscription.findUniqueOrThrow({ where: { id: second.outcome.subscription.id } })).endedAt).toBeNull()

    const again = await page(t, link)
    expect(again.status).toBe(200)
    expect(textOf(again.html)).toContain('之前就退订了')

    // The button, posted from another site, ends nothing.
    const forged = await page(t, link, form({}, { origin: 'https://evil.example' }))
    expect(forged.status).toBe(403)
    expect((await t.desk.db.jobSubscription.findUniqueOrThrow({ where: { id: second.outcome.subscription.id } })).endedAt).toBeNull()

    const all = await page(t, link, form({}, sameSite))
    expect(all.status).toBe(200)
    expect(textOf(all.html)).toContain('岗位推送全部退订了')
    expect(await t.desk.db.jobSubscription.count({ where: { workerId: first.outcome.subscription.workerId, endedAt: null } })).toBe(0)
    expect((await page(t, link, form({}, sameSite))).status).toBe(200)
  })

  it('answers a link that was cut short or altered with a 404 page that says to reply 退订 in the chat', async () => {
    const made = await subscribeOnPortal(t.desk, { trade: '叉车', place: '' })
    if (made.outcome.kind !== 'subscribed') throw new Error('not subscribed')
    const token = unsubscribeToken(t.desk, made.outcome.subscription.id)
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    for (const bad of [altered, token.slice(0, -3), 'nonsense', 'x'.repeat(300), `zzzzzzzzzzzzzzzzzzzz.${token.split('.')[1]}`]) {
      const p = await page(t, `/jobs/unsubscribe/${bad}`)
      expect(p.status, bad).toBe(404)
      expect(textOf(p.html), bad).toContain('回复“退订”')
      expect((await page(t, `/jobs/unsubscribe/${bad}`, form({}, sameSite))).status, bad).toBe(404)
    }
    expect((await t.desk.db.jobSubscription.findUniqueOrThrow({ where: { id: made.outcome.subscription.id } })).endedAt).toBeNull()
  })
})
