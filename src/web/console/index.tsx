import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../../http/env.ts'
import { sameOriginWrites } from '../../http/guard.ts'
import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import { inboxPage, inboxSummary } from './inbox.tsx'
import { CONSOLE_CSS_PATH, consoleCss, crossSiteRefused, INBOX_JS_PATH, inboxJs } from './layout.tsx'
import { linkRoutes } from './links.tsx'
import { loginRoutes } from './login.tsx'
import { noticeRoutes } from './notices.tsx'
import { signedIn, type ConsoleEnv } from './session.ts'
import { slaAdminRoutes } from './sla-admin.tsx'
import { unitAdminRoutes } from './units-admin.tsx'
import { wordingRoutes } from './wording.tsx'
import { knowledgeRoutes } from './knowledge.tsx'
import { adminRoutes } from './admin.tsx'
import { auditRoutes } from './audit.tsx'
import { cadreAdminRoutes } from './cadres-admin.tsx'
import { cannedRoutes } from './canned.tsx'
import { erasureRoutes } from './erasure.tsx'
import { careRoutes } from './care.tsx'
import { figureRoutes } from './figures.tsx'
import { ticketRoutes } from './ticket-routes.tsx'
import { jobRoutes } from './jobs.tsx'
import { botRoutes } from './bot.tsx'
import type { BotDesk } from './bot-status.ts'
import { myWechatRoutes } from './my-wechat.tsx'

/**
 * The cadre console (/console): sign-in, the inbox, a ticket's page and what a cadre does
 * with it. Pages are rendered on the server and work without JavaScript; every form posts
 * back with the session's CSRF token, and a post from another site is refused. The desk comes
 * with its Redis connection: the bot's pages read the bot's state there (bot-status.ts).
 */
export function consoleRoutes(desk: BotDesk, limits: RateLimits, clientAddress: ClientAddress) {
  const app = new Hono<AppEnv>()
  app.use('*', sameOriginWrites(desk.config.PUBLIC_URL, crossSiteRefused))
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('提交的内容太多了。', 413) }))
  app.get(CONSOLE_CSS_PATH.replace('/console', ''), (c) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    return c.body(consoleCss, 200, { 'Content-Type': 'text/css; charset=utf-8' })
  })
  app.get(INBOX_JS_PATH.replace('/console', ''), (c) => {
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    return c.body(inboxJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
  })
  const pages = new Hono<ConsoleEnv>()
  pages.get('/inbox.json', signedIn(desk, { background: true }), (c) => inboxSummary(desk, c))
  pages.get('/', signedIn(desk), (c) => inboxPage(desk, c))
  pages.route('/', loginRoutes(desk, limits, clientAddress))
  pages.route('/', ticketRoutes(desk))
  pages.route('/', linkRoutes(desk))
  pages.route('/', noticeRoutes(desk))
  pages.route('/', figureRoutes(desk))
  pages.route('/', careRoutes(desk))
  pages.route('/', adminRoutes(desk))
  pages.route('/', auditRoutes(desk))
  pages.route('/', cadreAdminRoutes(desk))
  pages.route('/', cannedRoutes(desk))
  pages.route('/', erasureRoutes(desk))
  pages.route('/', slaAdminRoutes(desk))
  pages.route('/', unitAdminRoutes(desk))
  pages.route('/', wordingRoutes(desk))
  pages.route('/', knowledgeRoutes(desk))
  pages.route('/', jobRoutes(desk, limits, clientAddress))
  pages.route('/', botRoutes(desk))
  pages.route('/', myWechatRoutes(desk))
  app.route('/', pages as unknown as Hono<AppEnv>)
  return app
}
