import { OpenAPIHono } from '@hono/zod-openapi'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { adminApiRoutes } from '../../src/http/admin-api.ts'
import { adminAuth, mountGuarded } from '../../src/http/guard.ts'
import { admin, deskForThisFile } from '../support/desk.ts'

const t = deskForThisFile()

/** A concrete path for a route pattern: parameters filled, wildcards given a segment. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z]+(\{[^}]*\})?/g, 'NJ-261125-0001').replace(/\*/g, 'x')

/**
 * Defect: admin routes were protected by a hand-kept list of path globs, so a route left
 * off the list was public. Now every route in an admin sub-app is behind the token by
 * being written there.
 */
describe('the admin token guards every admin route', () => {
  it('refuses each route of the admin API without the token, whatever its method', async () => {
    const routes = adminApiRoutes(t.desk).routes
    expect(routes.length).toBeGreaterThanOrEqual(10)
    for (const { method, path } of routes) {
      const res = await t.app.request(concrete(path), { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' })
      expect(res.status, `${method} ${path}`).toBe(401)
    }
  })

  it('guards the operator pages (metrics, queue dashboard) and lets the token in', async () => {
    for (const path of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
      expect((await t.app.request(path)).status, path).toBe(401)
    }
    expect((await t.app.request('/metrics', { headers: admin })).status).toBe(200)
    expect((await t.app.request('/admin/queues/api/queues', { headers: admin })).status).toBe(200)
  })

  it('leaves the public routes public', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200)
    expect((await t.app.request('/openapi.json')).status).toBe(200)
    expect((await t.app.request('/api/tickets/NJ-261125-9999')).status).toBe(404)
  })

  it('protects a route added to a guarded sub-app, and only that sub-app’s routes', async () => {
    const parent = new Hono()
    parent.get('/before', (c) => c.text('public'))
    const sub = new OpenAPIHono()
    sub.post('/api/new-admin-thing', (c) => c.text('done'))
    sub.get('/api/things/:id', (c) => c.text(c.req.param('id')))
    mountGuarded(parent, sub, adminAuth('a-token-of-sixteen-chars'))
    parent.get('/after', (c) => c.text('public'))

    expect((await parent.request('/api/new-admin-thing', { method: 'POST' })).status).toBe(401)
    expect((await parent.request('/api/things/7')).status).toBe(401)
    const ok = await parent.request('/api/things/7', { headers: { authorization: 'Bearer a-token-of-sixteen-chars' } })
    expect([ok.status, await ok.text()]).toEqual([200, '7'])
    expect((await parent.request('/before')).status).toBe(200)
    expect((await parent.request('/after')).status).toBe(200)
  })
})
