import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.ts'
import { deskForThisFile, TEST_ADMIN_TOKEN } from '../support/desk.ts'

/**
 * The operators' pages (the API docs, the queue dashboard) work in a real browser under the
 * desk's Content-Security-Policy: the headers test checks the policy is sent, this one that
 * the pages it covers still load their scripts and styles and run without a violation.
 */
const t = deskForThisFile({ listen: true, env: { PORT: '0', HOST: '127.0.0.1' } })

let browser: Browser | undefined
afterAll(async () => {
  await browser?.close()
})

async function open(path: string, ready: string, credentials?: { username: string; password: string }) {
  browser ??= await launchChromium()
  const context = await browser.newContext(credentials ? { httpCredentials: credentials } : {})
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())))
  page.on('pageerror', (e) => void problems.push(e.message))
  page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)))
  // A violation the page's own script would not report: listen in the page itself.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  const res = await page.goto(`${t.url}${path}`)
  expect(res?.status()).toBe(200)
  expect(res?.headers()['content-security-policy']).toBeTruthy()
  await page.waitForSelector(ready, { timeout: 15_000 })
  await context.close()
  return problems
}

describe('operators’ pages under the Content-Security-Policy, in Chromium', () => {
  it('the API docs (Swagger UI, served locally) render the desk’s operations', async () => {
    const problems = await open('/docs', '.opblock')
    expect(problems, 'no script errors or CSP violations').toEqual([])
  })

  it('the queue dashboard renders its queues for the admin', async () => {
    const problems = await open('/admin/queues', 'text=outbound', { username: 'admin', password: TEST_ADMIN_TOKEN })
    expect(problems, 'no script errors or CSP violations').toEqual([])
  })
})
