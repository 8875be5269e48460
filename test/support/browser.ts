import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser of its own).
 * `.ci/run` installs it with a CJK font; on a machine without it the tests that need it fail
 * and say how to install it: they are never skipped.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const INSTALL = 'apt-get install -y chromium fonts-wqy-microhei'

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's (as root: ${INSTALL}), or set CHROMIUM_PATH.`)
  }
  const asRoot = process.getuid?.() === 0
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      // Chromium's sandbox refuses to run as root; a test machine's root has nothing to protect from these pages.
      ...(asRoot ? ['--no-sandbox'] : []),
      '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps', '--no-default-browser-check',
    ],
  })
}

/** A cheap Android phone's screen: 360 × 780 CSS pixels, touch, Chinese locale, Beijing time. */
export const PHONE = { width: 360, height: 780 } as const

export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  })
}

/**
 * Screenshots of Chinese pages show boxes without a CJK font (Chromium has none of its own):
 * fails, saying which package to install, when fontconfig knows no font for Chinese.
 */
export function assertChineseFont(): void {
  let fonts = ''
  try {
    fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
  } catch {
    fonts = ''
  }
  if (!fonts.trim()) throw new Error(`No Chinese font is installed, so Chinese would render as boxes. Install one (as root: ${INSTALL}).`)
}
