// The job board in a real browser (Debian's Chromium through playwright-core): on a cheap
// phone a worker searches, narrows by place, opens a posting and sees how to apply; a hall
// screen shows a screenful in big type and prints on A4; a push's unsubscribe link and its
// button work from the page itself. No script runs, nothing breaks the CSP.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { subscribeOnPortal, unsubscribeToken } from '../../src/desk/postings/index.ts'
import type { JobPosting } from '../../src/generated/prisma/client.ts'
import { assertChineseFont, launchChromium } from '../support/browser.ts'
import { deskForThisFile } from '../support/desk.ts'
import { SCREEN_PAGE } from '../../src/web/jobs/routes.tsx'
import { copies, posting } from './jobs-support.ts'

let dinghai: JobPosting
const t = deskForThisFile({ listen: true, env: { PORT: '0', HOST: '127.0.0.1', JOB_QUIET_HOURS: 'none' } }, async (t) => {
  await posting(t, { title: '焊工', trade: '焊工', employerName: '南山精工机械厂', regionCode: '440305', place: '西丽街道', payMin: 3500, payMax: 4000, contact: '请到西丽街道工会报名' })
  await posting(t, { title: '维修电工', trade: '电工', employerName: '普陀船舶修造有限公司', regionCode: '330903', place: '沈家门街道', contact: '电话 13905801234 李师傅' })
  dinghai = await posting(t)
  // A full screen and a little more: the hall's screen has to hold a screenful.
  await copies(t, { ...dinghai, title: '仓库理货员（长白班，包吃住）', trade: '仓库管理员', terms: '', employerName: '宝安区新安街道某某大型仓储物流有限公司', regionCode: '440306', place: '新安街道宝安大道4001号物流园B区' }, SCREEN_PAGE)
})

// Pictures only for `SCREENSHOTS_DIR=… vitest run …`; a plain test run takes none.
const shots = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : null
const shoot = async (page: Page, name: string) => void (shots && (await page.screenshot({ path: path.join(shots, name), fullPage: true })))

let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
})

/** Console errors (CSP violations are reported there), script errors, and requests that leave the desk. */
function watch(page: Page) {
  const problems: string[] = []
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())))
  page.on('pageerror', (e) => void problems.push(e.message))
  page.on('request', (r) => void (r.url().startsWith(t.url!) || r.url().startsWith('data:') || problems.push(`fetched ${r.url()}`)))
  return problems
}

const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

describe('the job board in a real browser', () => {
  it('on a 360×640 phone: the board, a search, a place, a posting and how to apply', async () => {
    assertChineseFont()
    browser = await launchChromium()
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    const problems = watch(page)

    await page.goto(`${t.url}/jobs`)
    expect(await page.locator('h1').textContent()).toBe('找工作，看工会岗位')
    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat')
    expect(await fits(page)).toBeLessThanOrEqual(360)
    expect(await page.locator('li.job').count()).toBe(3 + SCREEN_PAGE)
    // The board's own sheet is applied: pay stands out in the union's red.
    expect(await page.locator('li.job .pay').first().evaluate((e) => getComputedStyle(e).color)).toBe('rgb(164, 22, 26)')
    await shoot(page, 'jobs-board.png')

    // A worker types the word they use; the board knows the trade's name.
    await page.getByLabel('搜岗位').fill('铲车')
    await page.getByRole('button', { name: '找岗位' }).click()
    await page.waitForURL(/\/jobs\?q=/)
    expect(await page.locator('#count').textContent()).toContain('找到 1 个岗位')
    expect(await page.locator('li.job h2').allTextContents()).toEqual(['叉车司机'])

    // The filters fold open; a whole city is one pick.
    await page.goto(`${t.url}/jobs`)
    await page.getByText('更多条件').click()
    await page.getByLabel('地方', { exact: true }).selectOption('330900')
    await page.getByRole('button', { name: '找岗位' }).click()
    await page.waitForURL(/region=330900/)
    expect(await page.locator('li.job h2').allTextContents()).toEqual(['叉车司机', '维修电工'])
    expect(await page.locator('details').getAttribute('open')).not.toBeNull()

    await page.getByRole('link', { name: '叉车司机' }).click()
    await page.waitForURL(`${t.url}/jobs/${dinghai.number}`)
    expect(await fits(page)).toBeLessThanOrEqual(360)
    // How to apply is the first thing under the title, and the number is a tap to call.
    expect(await page.locator('#apply h2').textContent()).toBe('怎么报名')
    expect(await page.locator('#apply').boundingBox().then((b) => b!.y)).toBeLessThan(640)
    expect(await page.locator('#call').getAttribute('href')).toBe('tel:05802012345')
    expect(await page.locator('#number').textContent()).toBe(dinghai.number)
    await shoot(page, 'jobs-posting.png')

    expect(problems, 'no script errors, CSP violations or requests elsewhere').toEqual([])
    await context.close()
  })

  it('on a hall screen: big type, a screenful, its own refresh; on paper: A4 in black on white', async () => {
    browser ??= await launchChromium()
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    const problems = watch(page)
    await page.goto(`${t.url}/jobs/screen?every=300`)
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('300;url=/jobs/screen?every=300&page=2')
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(24)
    expect(await page.locator('#postings tbody tr').count()).toBe(SCREEN_PAGE)
    expect(await page.locator('#postings tbody tr').first().textContent()).toContain(dinghai.number)
    // A screenful on the screen, nothing to scroll: on a 1080p screen and on a small 1366×768 one.
    await shoot(page, 'jobs-screen.png')
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080)
    await page.setViewportSize({ width: 1366, height: 768 })
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(768)
    await page.goto(`${t.url}/jobs/screen?every=300&page=2`)
    expect(await page.locator('#postings tbody tr').count()).toBe(3)
    expect(await page.locator('#postings tbody tr').first().textContent()).toContain('宝安')

    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('header').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgba(0, 0, 0, 0)')
    expect(await page.locator('.pay').first().evaluate((e) => getComputedStyle(e).color)).toBe('rgb(0, 0, 0)')
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    if (shots) writeFileSync(path.join(shots, 'jobs-screen.pdf'), pdf)
    // As it comes out of the printer: A4 at 96 dpi.
    await page.setViewportSize({ width: 794, height: 1123 })
    await shoot(page, 'jobs-screen-print.png')

    expect(problems, 'no script errors, CSP violations or requests elsewhere').toEqual([])
    await context.close()
  })

  it('unsubscribes by the link in a push, and the button on its page ends the rest', async () => {
    browser ??= await launchChromium()
    const first = await subscribeOnPortal(t.desk, { trade: '电工', place: '舟山' })
    const second = await subscribeOnPortal(t.desk, { trade: '叉车', place: '定海' }, first.code!)
    if (first.outcome.kind !== 'subscribed' || second.outcome.kind !== 'subscribed') throw new Error('not subscribed')
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, locale: 'zh-CN' })
    const page = await context.newPage()
    const problems = watch(page)
    await page.goto(`${t.url}/jobs/unsubscribe/${unsubscribeToken(t.desk, first.outcome.subscription.id)}`)
    expect(await page.locator('#done').textContent()).toContain('电工｜浙江省舟山市')
    expect(await page.locator('#others').textContent()).toContain('叉车｜浙江省舟山市定海区')
    await page.getByRole('button', { name: '全部退订' }).click()
    await page.waitForSelector('text=全部退订了')
    expect(await t.desk.db.jobSubscription.count({ where: { workerId: first.outcome.subscription.workerId, endedAt: null } })).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })
})
