import { describe, expect, it } from 'vitest'
import { admin, json, deskForThisFile, TEST_ADMIN_TOKEN } from '../support/desk.ts'

const t = deskForThisFile()

describe('what operators get', () => {
  it('reports health of the database and Redis: up or down to the public, the details to the admin token', async () => {
    const res = await t.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    const detailed = await t.app.request('/healthz', { headers: admin })
    expect(await detailed.json()).toMatchObject({ status: 'ok', checks: { database: { ok: true }, redis: { ok: true } } })
  })

  it('describes the API in OpenAPI generated from the zod schemas, with a docs page', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/messages', '/api/tickets/{number}', '/api/tickets/{number}/replies']))
    const req = doc.components.schemas.MessageRequest!
    expect(Object.keys(req.properties!)).toEqual(expect.arrayContaining(['text', 'name', 'phone', 'orgHint', 'clientMessageId']))
    expect(req.required).toEqual(['text'])
    const page = await t.app.request('/docs')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('/docs/assets/init.js')
    expect(await (await t.app.request('/docs/assets/init.js')).text()).toContain('/openapi.json')
    const asset = await t.app.request('/docs/assets/swagger-ui-bundle.js')
    expect(asset.status).toBe(200)
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
  })

  it('serves Prometheus metrics behind the admin token: requests, queue depths, job outcomes', async () => {
    await t.app.request('/api/messages', json({ text: '拖欠工资' }))
    expect((await t.app.request('/metrics')).status).toBe(401)
    const res = await t.app.request('/metrics', { headers: admin })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toMatch(/niangjia_http_requests_total\{method="POST",route="\/api\/messages",status="201"\} \d+/)
    expect(text).toMatch(/niangjia_queue_jobs\{queue="sla",state="delayed"\} [1-9]/)
    expect(text).toMatch(/niangjia_intake_messages_total\{channel="web",outcome="opened"\} [1-9]/)
    expect(text).toContain('niangjia_jobs_total')
  })

  it('serves the queue dashboard to a browser with the token as the Basic-auth password', async () => {
    const denied = await t.app.request('/admin/queues')
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toContain('Basic')
    const basic = `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}`
    const page = await t.app.request('/admin/queues', { headers: { authorization: basic } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<html')
    const api = await t.app.request('/admin/queues/api/queues', { headers: { authorization: basic } })
    expect(api.status).toBe(200)
    expect(JSON.stringify(await api.json())).toContain('"sla"')
  })
})
