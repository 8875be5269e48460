// The console in a real browser (Debian's Chromium through playwright-core): a cadre signs
// in, opens a routed ticket from the inbox, replies and sees the delivery, asks a question,
// a leader hands it on and reads the figures and their CSV, the cadre closes it; an XSS
// message stays inert; another district's leader finds nothing; wrong passwords lock.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../fixtures/demo-union.ts'
import { assertChineseFont, launchChromium, phoneContext } from '../support/browser.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, PASSWORD } from './support.ts'

const t = deskForThisFile({ listen: true, env: { PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_CONSOLE_FAILURES: '5/900' } }, async (t) => {
  await accountFor(t, 'yh-cadre', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  await accountFor(t, 'ns-leader', 'leader', { cadreName: demoUnion.cadres.nanshanLeader })
  await accountFor(t, 'ba-leader', 'leader', { cadreName: demoUnion.cadres.baoanLeader })
})
// `npm run screenshots` sets SCREENSHOTS_DIR=docs/screenshots; a plain test run keeps its pictures out of the tree.
const shots = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : mkdtempSync(path.join(tmpdir(), 'niangjia-shots-'))

let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
  if (!process.env.SCREENSHOTS_DIR) rmSync(shots, { recursive: true, force: true })
})

async function signIn(page: Page, login: string) {
  await page.goto(`${t.url}/console`)
  await page.getByLabel('登录名').fill(login)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(`${t.url}/console`)
}

describe('the console in a real browser', () => {
  it('takes a cadre from the inbox through a ticket, a leader to the figures, and runs nothing a worker wrote', async () => {
    assertChineseFont()
    mkdirSync(shots, { recursive: true })
    browser = await launchChromium()
    const xss = '老板欠薪三个月<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    const res = await fetch(`${t.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: xss, orgHint: '粤海街道', name: '刘师傅', phone: '13812345678' }) })
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    const problems: string[] = []

    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    page.on('pageerror', (e) => void problems.push(e.message))
    await page.goto(`${t.url}/console/login`)
    await page.screenshot({ path: path.join(shots, 'console-login.png') })
    await signIn(page, 'yh-cadre')
    await page.getByRole('link', { name: /本单位及下级/ }).click()
    await expect.poll(() => page.getByRole('link', { name: ticketNumber }).count()).toBe(1)
    await page.screenshot({ path: path.join(shots, 'console-inbox.png'), fullPage: true })
    await page.getByRole('link', { name: ticketNumber }).click()
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.locator('.timeline .text').first().textContent()).toContain('<script>')

    await page.getByLabel('答复职工').fill('您好，请把工资条和考勤记录拍照发给我们。')
    await page.getByRole('button', { name: '发送答复' }).click()
    await expect.poll(() => page.getByText('答复已发出').count()).toBe(1)
    expect(await page.locator('.timeline li.out .meta').last().textContent()).toMatch(/答复 (待发送|已送达)/)
    await page.getByLabel('向职工提问').fill('请问一共有几个人被拖欠？')
    await page.getByRole('button', { name: '发送问题' }).click()
    await expect.poll(() => page.getByText('计时暂停').count()).toBeGreaterThan(0)
    await page.screenshot({ path: path.join(shots, 'console-ticket.png'), fullPage: true })

    // A leader hands it on and reads the figures.
    const leaderContext = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'zh-CN', acceptDownloads: true })
    const leader = await leaderContext.newPage()
    await signIn(leader, 'ns-leader')
    await leader.goto(`${t.url}/console/tickets/${ticketNumber}`)
    await leader.getByLabel('转交给').selectOption({ label: `${demoUnion.cadres.yuehaiLeader}（${demoUnion.units.yuehai.name}）` })
    await leader.getByLabel('转交原因').fill('涉及人数多，请街道分管领导牵头')
    await leader.getByRole('button', { name: '转交' }).click()
    await expect.poll(() => leader.getByText('已转交').count()).toBeGreaterThan(0)
    await leader.getByRole('link', { name: '统计' }).click()
    expect(await leader.locator('svg').count()).toBeGreaterThanOrEqual(4)
    await leader.screenshot({ path: path.join(shots, 'console-figures.png'), fullPage: true })
    const [download] = await Promise.all([leader.waitForEvent('download'), leader.getByRole('link', { name: '下载 CSV' }).first().click()])
    expect(download.suggestedFilename()).toMatch(/^niangjia-rates-\d{4}-\d{2}\.csv$/)

    // The cadre closes it, on a phone.
    const phone = await phoneContext(browser)
    const small = await phone.newPage()
    await signIn(small, 'yh-cadre')
    await small.goto(`${t.url}/console/tickets/${ticketNumber}`)
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await small.getByLabel('办结说明').fill('已协调企业补发工资')
    await small.getByRole('button', { name: '办结' }).click()
    await expect.poll(() => small.getByText('已办结，职工会收到评价邀请').count()).toBe(1)
    // The job board's pages open cleanly too: the list, and a new posting's form.
    await page.goto(`${t.url}/console/jobs`)
    await page.getByRole('link', { name: '＋ 新岗位' }).click()
    expect(await page.getByLabel('工作地点所在的区县').count()).toBe(1)
    expect(problems).toEqual([])

    // An inbox left open after the session ended (here: ended on the server) says so at its next poll.
    const idle = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    await idle.clock.install()
    await signIn(idle, 'yh-cadre')
    expect(await idle.getByText('登录已过期，请重新登录').isVisible()).toBe(false)
    const me = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'yh-cadre' } })
    await t.desk.db.session.updateMany({ where: { accountId: me.id, endedAt: null }, data: { endedAt: new Date() } })
    await idle.clock.runFor(31_000)
    await expect.poll(() => idle.getByText('登录已过期，请重新登录').isVisible()).toBe(true)
    expect(await idle.getByRole('link', { name: '重新登录' }).getAttribute('href')).toBe('/console/login?next=%2Fconsole')

    // A leader of another district: the number typed into the address bar, and searched for, is not there.
    const other = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    await signIn(other, 'ba-leader')
    expect((await other.goto(`${t.url}/console/tickets/${ticketNumber}`))!.status()).toBe(404)
    await other.goto(`${t.url}/console?view=closed`)
    await other.getByLabel('查找').fill(ticketNumber)
    await other.getByRole('button', { name: '查找' }).click()
    expect(await other.getByRole('link', { name: ticketNumber }).count()).toBe(0)

    // Five wrong passwords lock the sign-in, the right one included.
    const guess = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    for (let i = 0; i < 5; i++) {
      await guess.goto(`${t.url}/console/login`)
      await guess.getByLabel('登录名').fill('yh-cadre')
      await guess.getByLabel('密码').fill(`guess-${i}`)
      await guess.getByRole('button', { name: '登录' }).click()
    }
    await guess.getByLabel('密码').fill(PASSWORD)
    await guess.getByRole('button', { name: '登录' }).click()
    await expect.poll(() => guess.getByText(/已暂停登录/).count()).toBe(1)
  }, 90_000)
})
