// npx tsx scripts/screenshots.ts
// The portal as a worker sees it on a cheap phone (360 × 780), for the docs:
// docs/screenshots/portal-submit.png, portal-created.png, portal-follow.png. Starts a throwaway
// desk (SQLite and a Redis of its own, in a temporary folder, on a free port), walks through
// asking for help and following the request in Debian's Chromium, then removes everything.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.ts'
import { startDesk } from '../src/node/start.ts'
import { assertChineseFont, launchChromium, phoneContext } from '../test/support/browser.ts'

const out = path.join(import.meta.dirname, '..', 'docs', 'screenshots')
assertChineseFont()
mkdirSync(out, { recursive: true })
const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-screenshots-'))
const token = `shots-${crypto.randomUUID()}`
const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: token, LOG_LEVEL: 'warn' })
const desk = await startDesk(config, { listen: true })
const browser = await launchChromium()
try {
  const page = await (await phoneContext(browser)).newPage()
  const shot = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: path.join(out, name) })
    console.log(`wrote docs/screenshots/${name}`)
  }

  await page.goto(`${desk.url}/portal`)
  await page.getByLabel('遇到了什么事？').fill('公司拖欠我们两个月工资了，车间二十多个人都没拿到，老板说下个月再说。')
  await shot('portal-submit.png')
  await page.getByLabel('我看过上面的说明，同意工会为办理我的求助保存这些信息。').check()
  await page.getByRole('button', { name: '提交求助' }).click()
  await page.waitForSelector('#access-code')
  await shot('portal-created.png')

  const number = (await page.locator('#ticket-number').textContent())!.trim()
  const res = await fetch(`${desk.url}/api/tickets/${number}/replies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: '您好，我们已经联系企业，明天上午去了解情况。请问您手里有考勤记录或者工资条吗？' }),
  })
  if (!res.ok) throw new Error(`the cadre's reply was refused: ${res.status} ${await res.text()}`)
  await page.getByRole('button', { name: '查看进度和答复' }).click()
  await page.waitForSelector('.talk li.cadre')
  await shot('portal-follow.png')
} finally {
  await browser.close()
  await desk.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
