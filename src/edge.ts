import { Hono } from 'hono'
import type { EdgeForward } from './channels/edge-forward/wire.ts'
import type { EdgeBindings } from './edge/config.ts'
import { deliverQueued } from './edge/forward.ts'
import { edgeLog } from './edge/log.ts'
import { publicPage } from './edge/public-pages.ts'
import type { MessageBatch } from './edge/runtime.ts'
import { edgeWebhook } from './edge/webhook.ts'

/**
 * The Cloudflare Workers entry (wrangler.toml): the Official Account's callback answered at
 * the edge, near WeChat's servers, and each message handed to the core durably (docs/edge.md).
 * Built from the core's own pieces (hono, the channel's query and callback schemas, its
 * hardened XML reader, the edge contract), with WebCrypto where the core uses node:crypto.
 */
const app = new Hono<{ Bindings: EdgeBindings }>({ strict: false })
app.route('/wechat/official-account', edgeWebhook())
// Served from the edge's cache when the core marks them public; only where wrangler.toml routes them here.
for (const path of ['/jobs', '/jobs/*', '/assets/*', '/favicon.ico']) app.all(path, publicPage)
app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.method} ${c.req.path} on the edge: it serves /wechat/official-account, and /jobs and /assets where they are routed to it.` } }, 404))
app.onError((err, c) => {
  edgeLog('error', 'unexpected error at the edge', { error: err.name })
  return c.text('internal error', 500)
})

export default {
  fetch: app.fetch,
  queue: (batch: MessageBatch<EdgeForward>, env: EdgeBindings) => deliverQueued(batch, env),
}
