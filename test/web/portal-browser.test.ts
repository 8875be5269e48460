import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { assertChineseFont, launchChromium, phoneContext } from '../support/browser.ts'
import { admin, deskForThisFile } from '../support/desk.ts'

// A desk on a real port (PORT 0: a free one), for a real browser.
const t = deskForThisFile({ listen: true, env: { PORT: '0', HOST: '127.0.0.1' } })

// Launched in the test, not in a hook: without Chromium the test fails (and says why) rather than being skipped.
let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
})

async function cadre(number: string, action: 'replies' | 'close', body: Record<string, string>) {
  const res = await fetch(`${t.url}/api/tickets/${number}/${action}`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status, await res.clone().text()).toBeLessThan(300)
}

describe('the portal in a real browser, on a phone', () => {
  it('asks for help, keeps the number and code, follows the request, answers the cadre and rates the service', async () => {
    assertChineseFont()
    browser = await launchChromium()
    const context = await phoneContext(browser)
    const page = await context.newPage()
    const elsewhere: string[] = []
    const problems: string[] = []
    page.on('request', (r) => void (r.url().startsWith(t.url!) || elsewhere.push(r.url())))
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())))
    page.on('pageerror', (e) => void problems.push(e.message))

    // 1. Ask for help.
    await page.goto(`${t.url}/portal`)
    expect(await page.locator('h1').textContent()).toBe('有难处，跟工会说')
    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat')
    // One column that fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await page.getByLabel('遇到了什么事？').fill('公司拖欠我们两个月工资了，车间二十多个人都没拿到')
    await page.getByLabel('怎么称呼您（可不填）').fill('刘师傅')
    await page.getByLabel('我看过上面的说明，同意工会为办理我的求助保存这些信息。').check()
    await page.getByRole('button', { name: '提交求助' }).click()

    // 2. The number and the code, on screen.
    await page.waitForURL(`${t.url}/portal`)
    expect(await page.locator('h1').textContent()).toBe('收到了，工会在')
    const number = (await page.locator('#ticket-number').textContent())!.trim()
    const code = (await page.locator('#access-code').textContent())!.trim()
    expect(number).toMatch(/^NJ-\d{6}-\d{4,}$/)
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/)
    expect(await page.getByText('查询码只显示这一次').isVisible()).toBe(true)
    expect(page.url()).not.toContain(code)

    // 3. Later, follow it by typing the number and the code.
    const openCase = async () => {
      await page.goto(`${t.url}/portal/follow`)
      await page.getByLabel('编号').fill(number)
      await page.getByLabel('查询码（10位字母和数字）').fill(code.toLowerCase())
      await page.getByRole('button', { name: '查看' }).click()
      await page.waitForSelector('#status')
      expect(page.url()).toBe(`${t.url}/portal/follow`)
    }
    await openCase()
    expect(await page.locator('h1').textContent()).toBe(`求助 ${number}`)
    expect(await page.locator('#status').textContent()).toContain('已受理，等待工会干部答复')

    // 4. A cadre answers; the worker sees it and answers back.
    await cadre(number, 'replies', { text: '刘师傅您好，我们明天上午去企业了解情况，请问有考勤记录吗？' })
    await openCase()
    expect(await page.locator('.talk li.cadre').last().textContent()).toContain('请问有考勤记录吗？')
    await page.getByLabel('补充情况').fill('有的，我手机里有每天的打卡截图')
    await page.getByRole('button', { name: '发送' }).click()
    await page.waitForSelector('#flash')
    expect(await page.locator('#flash').textContent()).toContain(`收到您的补充，已记入 ${number}`)
    expect(await page.locator('.talk li.worker').last().textContent()).toContain('有的，我手机里有每天的打卡截图')

    // 5. The cadre closes it; the worker rates it.
    await cadre(number, 'close', { summary: '企业已补发两个月工资' })
    await openCase()
    expect(await page.locator('#status').textContent()).toContain('已办结')
    await page.getByRole('button', { name: '满意', exact: true }).click()
    await page.waitForSelector('#rated')
    expect(await page.locator('#flash').textContent()).toContain('谢谢您的评价（满意）')
    expect(await page.locator('#rated').textContent()).toContain('您的评价：满意')
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).satisfaction).toBe('satisfied')

    expect(elsewhere, 'the pages fetch nothing from anywhere else').toEqual([])
    expect(problems, 'no script errors or CSP violations').toEqual([])
    expect(t.logs()).not.toContain(code)
    await context.close()
  })
})
