import type { Context } from 'hono'
import { edgeConfig, EdgeConfigError, type EdgeBindings, type EdgeConfig } from './config.ts'
import { edgeLog } from './log.ts'
import { edgeCache } from './runtime.ts'

/**
 * The public job board (/jobs) and the pages' stylesheets (/assets) through the edge, kept in
 * the data centre's cache for as long as the core's own Cache-Control allows a shared cache
 * to (the board 60 s, the stylesheets a year: their names change with them). Nothing else is
 * kept: a request with a cookie or a token, an answer that sets a cookie, varies, or is not
 * `public`. Other methods (the unsubscribe form) pass through to the core untouched.
 */
export const publicPage = async (c: Context<{ Bindings: EdgeBindings }>): Promise<Response> => {
  let config: EdgeConfig
  try {
    config = edgeConfig(c.env)
  } catch (err) {
    if (!(err instanceof EdgeConfigError)) throw err
    edgeLog('error', err.message)
    return c.text('the edge is not configured', 500)
  }
  const url = new URL(c.req.url)
  const origin = new URL(url.pathname + url.search, config.EDGE_CORE_URL).toString()
  const method = c.req.method
  const headers = new Headers(c.req.raw.headers)
  headers.delete('host')
  const client = c.req.header('cf-connecting-ip')
  // The core's limits count per address: it must see the worker's, not the edge's (TRUST_PROXY=true on the core).
  if (client) headers.set('x-forwarded-for', client)
  const mayKeep = (method === 'GET' || method === 'HEAD') && !headers.has('cookie') && !headers.has('authorization')
  if (mayKeep) {
    const kept = await edgeCache().match(origin)
    if (kept) return marked(kept, 'hit')
  }
  let response: Response
  try {
    response = await fetch(origin, {
      method, headers, redirect: 'manual', signal: AbortSignal.timeout(10_000),
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: c.req.raw.body }),
    })
  } catch {
    edgeLog('warn', 'core not reached for a public page', { path: url.pathname })
    const hotline = config.UNION_HOTLINE.replace(/[<>&"]/g, '')
    return c.html(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>请稍后再试</title><p>页面暂时打不开，请过一会儿再试。急事请拨打工会热线 ${hotline}。</p>`, 503, { 'Retry-After': '30' })
  }
  if (mayKeep && method === 'GET' && shareable(response)) c.executionCtx.waitUntil(edgeCache().put(origin, response.clone()))
  return marked(response, 'miss')
}

const shareable = (res: Response): boolean => {
  const control = res.headers.get('cache-control') ?? ''
  const vary = (res.headers.get('vary') ?? '').toLowerCase().split(',').map((v) => v.trim()).filter((v) => v && v !== 'accept-encoding')
  return res.status === 200 && /\bpublic\b/.test(control) && /\bmax-age=[1-9]/.test(control) && !/\b(no-store|private)\b/.test(control) && !res.headers.has('set-cookie') && vary.length === 0
}

/** Says where the answer came from, for operators reading headers and for the tests. */
const marked = (res: Response, how: 'hit' | 'miss'): Response => {
  const out = new Response(res.body, res)
  out.headers.set('x-niangjia-edge-cache', how)
  return out
}
