import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, admin, deskForThisFile } from '../support/desk.ts'

const t = deskForThisFile()
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` })

describe('secure headers on every answer', () => {
  it('forbids framing, sniffing and referrers, and allows scripts only from the desk itself', async () => {
    for (const path of ['/healthz', '/docs', '/api/tickets/NJ-261125-0001', '/admin/queues']) {
      const res = await t.app.request(path, { headers: admin })
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(csp, path).toContain("script-src 'self'")
    }
    // The docs page keeps working under that policy: no inline script.
    expect(await (await t.app.request('/docs')).text()).not.toMatch(/<script>[^<]/)
  })
})

describe('the queue dashboard (defect: a cross-site text/plain POST with cached Basic credentials added a job)', () => {
  it('refuses a state-changing request from another site, even with the right credentials', async () => {
    const forged = await t.app.request('/admin/queues/api/queues/outbound/add', {
      method: 'POST', headers: { ...basic('admin', TEST_ADMIN_TOKEN), origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'x', data: {} }),
    })
    expect(forged.status).toBe(403)
    const blind = await t.app.request('/admin/queues/api/queues/outbound/add', {
      method: 'POST', headers: { ...basic('admin', TEST_ADMIN_TOKEN), 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }, body: '{}',
    })
    expect(blind.status).toBe(403)
    expect(await t.desk.queues.outbound.getJobCountByTypes('waiting', 'delayed', 'active')).toBe(0)
  })

  it('needs the user name admin, not just the token', async () => {
    expect((await t.app.request('/admin/queues', { headers: basic('anyone', TEST_ADMIN_TOKEN) })).status).toBe(401)
    expect((await t.app.request('/admin/queues', { headers: basic('admin', TEST_ADMIN_TOKEN) })).status).toBe(200)
  })

  it('is read-only unless an operator turns that off', async () => {
    const res = await t.app.request('/admin/queues/api/queues', { headers: admin })
    const body = (await res.json()) as { queues: { readOnlyMode: boolean }[] }
    expect(body.queues.length).toBeGreaterThan(0)
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true)
  })
})
