import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Desk } from './desk/desk.ts'
import { adminApiRoutes } from './http/admin-api.ts'
import type { AppEnv } from './http/env.ts'
import { errorBody, onError } from './http/errors.ts'
import { adminAuth, carriesAdminToken, mountGuarded, sameOriginWrites } from './http/guard.ts'
import { healthRoutes } from './http/health.ts'
import { unlimited, type ClientAddress, type RateLimits } from './http/limits.ts'
import { messageRoutes } from './http/messages.ts'
import { ticketStatusRoutes } from './http/ticket-status.ts'
import { jobBoardRoutes } from './web/jobs/routes.tsx'
import { portalRoutes } from './web/portal/routes.tsx'
import { assetRoutes } from './web/ui/assets.ts'

export type AppDeps = {
  desk: Desk
  adminToken: string
  redisPing: () => Promise<string>
  /** The bot account's status for /healthz's detail (src/channels/wechaty/status.ts), read from Redis by any process; null when no bot runs. */
  botStatus?: () => Promise<{ state: string; since: string; alive: boolean; reconnects: number } | null>
  /** Channel webhooks by mount path, e.g. { '/wechat/official-account': … }. */
  channelRoutes?: Record<string, Hono<any>>
  /** Pages for people by mount path: { '/console': … } (it hashes passwords with Node's scrypt, so the runtime passes it in). */
  pageRoutes?: Record<string, Hono<any>>
  /**
   * What the runtime adds for operators: on Node the API docs page (public) and the queue
   * dashboard and metrics (admin). Passed in, because they need the file system and BullMQ.
   */
  opsRoutes?: { public?: Hono<any>; admin?: Hono<any> }
  /** Request limits shared through Redis (src/node/rate-limits.ts); none when left out. */
  limits?: RateLimits
  /** The client's address for the limits, as the runtime knows it. */
  clientAddress?: ClientAddress
}

export const BODY_LIMIT_BYTES = 64 * 1024

/**
 * Builds the HTTP app from its dependencies. The Node roles, the tests and (later) the edge
 * entry all build the same app this way; nothing imported here needs Node.
 */
export function buildApp({ desk, adminToken, redisPing, botStatus, channelRoutes = {}, pageRoutes = {}, opsRoutes = {}, limits = unlimited, clientAddress = () => 'unknown' }: AppDeps) {
  // Not strict about a trailing slash: operators type the webhook URL into WeChat’s admin page either way.
  const app = new OpenAPIHono<AppEnv>({ strict: false })

  app.use(requestId())
  // Every answer: no framing (clickjacking), no sniffing, no referrer leaking ticket paths,
  // and scripts only from the desk itself (the dashboard and docs need inline styles only).
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"], connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: desk.config.PUBLIC_URL?.startsWith('https://') ? 'max-age=15552000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use(async (c, next) => {
    const started = performance.now()
    c.set('logger', desk.logger.child({ reqId: c.get('requestId') }))
    await next()
    const route = c.req.routePath
    const seconds = (performance.now() - started) / 1000
    desk.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) })
    desk.metrics.httpDuration.observe({ method: c.req.method, route }, seconds)
    // Paths can hold a ticket number, never personal data; bodies are never logged.
    c.get('logger').info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) }, 'request')
  })
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: () => {
        throw new HTTPException(413)
      },
    }),
  )
  app.use('/api/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json(errorBody('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.'), 415)
    }
    await next()
  })

  // Public: what a worker and a load balancer may call.
  app.route('/', healthRoutes(desk, redisPing, (c) => carriesAdminToken(c, adminToken), botStatus))
  app.route('/', messageRoutes(desk, limits, clientAddress))
  app.route('/', ticketStatusRoutes(desk, limits, clientAddress))
  // The worker portal (H5 pages, no script) and the stylesheet its pages share.
  app.route('/', assetRoutes())
  app.route('/portal', portalRoutes(desk, limits, clientAddress))
  app.route('/jobs', jobBoardRoutes(desk))
  if (opsRoutes.public) app.route('/', opsRoutes.public)
  // Pages for people, by mount path: the cadre console (their own accounts, not the admin token).
  for (const [path, routes] of Object.entries(pageRoutes)) app.route(path, routes)
  for (const [path, routes] of Object.entries(channelRoutes)) app.route(path, routes)

  // Admin: every route in these sub-apps is behind the token, by where it is written.
  const guards = [sameOriginWrites(desk.config.PUBLIC_URL), adminAuth(adminToken, { limits, clientAddress })]
  mountGuarded(app, adminApiRoutes(desk), ...guards)
  if (opsRoutes.admin) mountGuarded(app, opsRoutes.admin, ...guards)

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer' })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '娘家 Niangjia service desk API',
      version: '0.1.0',
      description: 'Workers write to their union; the desk opens a ticket, routes it to a cadre and keeps time.',
    },
  })
  app.get('/', (c) => c.redirect('/docs'))

  app.notFound((c) => c.json(errorBody('not_found', `Nothing at ${c.req.method} ${c.req.path}. The API is described at /docs.`), 404))
  app.onError(onError)
  return app
}
