import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { HonoAdapter } from '@bull-board/hono'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'
import type { Config } from '../config.ts'
import type { AppEnv } from '../http/env.ts'
import type { Metrics } from '../metrics.ts'
import { queueNames } from '../queue/jobs.ts'
import type { Queues } from '../queue/queues.ts'

/**
 * What Node adds to the app for operators: the API reference (public) and, for the
 * admin sub-app that buildApp mounts behind the token, Prometheus metrics and the BullMQ
 * dashboard. Node-only (files, BullMQ), so passed into buildApp rather than imported by it.
 */
export function opsRoutes(desk: { metrics: Metrics; config: Pick<Config, 'QUEUE_DASHBOARD_READ_ONLY'> }, queues: Queues) {
  return { public: docsRoutes(), admin: operatorRoutes(desk, queues) }
}

function operatorRoutes(desk: { metrics: Metrics; config: Pick<Config, 'QUEUE_DASHBOARD_READ_ONLY'> }, queues: Queues) {
  const app = new Hono<AppEnv>()
  app.get('/metrics', async (c) => {
    c.header('Content-Type', desk.metrics.registry.contentType)
    return c.body(await desk.metrics.registry.metrics())
  })

  const board = new HonoAdapter(serveStatic)
  createBullBoard({
    // Read-only unless an operator turns it off: retrying or deleting jobs by hand is rarely what a desk needs.
    queues: queueNames.map((n) => new BullMQAdapter(queues[n], { readOnlyMode: desk.config.QUEUE_DASHBOARD_READ_ONLY })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: '娘家 · 队列' } },
  })
  board.setBasePath('/admin/queues')
  // bull-board's page links Google Fonts: blocked by the desk's CSP anyway, unreachable from many
  // networks in China (the page waits for it), and a request to a third party from an operator's browser.
  const withoutGoogleFonts: MiddlewareHandler = async (c, next) => {
    await next()
    if (!c.res.headers.get('content-type')?.startsWith('text/html')) return
    const html = (await c.res.text()).replace(/<link[^>]+fonts\.(googleapis|gstatic)\.com[^>]*>/g, '')
    c.res = new Response(html, { status: c.res.status, headers: c.res.headers })
  }
  app.use('/admin/queues', withoutGoogleFonts)
  app.use('/admin/queues/*', withoutGoogleFonts)
  app.route('/admin/queues', board.registerPlugin())
  return app
}

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const swaggerAsset = (file: string) => readFileSync(path.join(swaggerDir, file))

/**
 * A readable API reference at /docs, served from the swagger-ui-dist package rather
 * than a CDN: desks often run on networks that cannot reach one.
 */
function docsRoutes() {
  const assets = {
    'swagger-ui.css': { body: swaggerAsset('swagger-ui.css'), type: 'text/css; charset=utf-8' },
    'swagger-ui-bundle.js': { body: swaggerAsset('swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
    // A file, not an inline script, so the page works under a script-src 'self' policy.
    'init.js': { body: Buffer.from("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true })\n"), type: 'text/javascript; charset=utf-8' },
  }
  const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>娘家 Niangjia API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="api"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`
  return new Hono<AppEnv>()
    .get('/docs', (c) => c.html(page))
    .get('/docs/assets/:file', (c) => {
      const asset = assets[c.req.param('file') as keyof typeof assets]
      if (!asset) return c.notFound()
      c.header('Cache-Control', 'public, max-age=86400')
      return c.body(asset.body, 200, { 'Content-Type': asset.type })
    })
}
