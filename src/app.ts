import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import type { Desk } from './desk/deps.ts'
import type { AppEnv } from './http/env.ts'
import { errorBody, onError } from './http/errors.ts'
import { healthRoutes } from './http/health.ts'
import { messageRoutes } from './http/messages.ts'
import { docsRoutes, operatorRoutes } from './http/ops.ts'
import { ticketRoutes } from './http/tickets.ts'
import { deskActionRoutes } from './http/desk-actions.ts'

export type AppDeps = {
  desk: Desk
  adminToken: string
  redisPing: () => Promise<string>
  /** Channel webhooks by mount path, e.g. { '/wechat/official-account': … }. */
  channelRoutes?: Record<string, Hono<any>>
}

export const BODY_LIMIT_BYTES = 64 * 1024

/**
 * Builds the HTTP app from its dependencies. The Node entry, the tests and (later) the
 * edge entry all build the same app this way.
 */
export function buildApp({ desk, adminToken, redisPing, channelRoutes = {} }: AppDeps) {
  // Not strict about a trailing slash: operators type the webhook URL into WeChat’s admin page either way.
  const app = new OpenAPIHono<AppEnv>({ strict: false })

  app.use(requestId())
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

  app.route('/', healthRoutes(desk, redisPing))
  app.route('/', messageRoutes(desk))
  app.route('/', ticketRoutes(desk, adminToken))
  app.route('/', deskActionRoutes(desk, adminToken))
  app.route('/', operatorRoutes(desk, adminToken))
  app.route('/', docsRoutes())
  for (const [path, routes] of Object.entries(channelRoutes)) app.route(path, routes)

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
