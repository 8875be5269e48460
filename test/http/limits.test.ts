import { afterAll, describe, expect, it } from 'vitest'
import { admin, json, startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'
import { ACCOUNT, callbackXml, plainRequest, unix } from '../channels/wechat-oa/wechat-sim.ts'
import { loadConfig } from '../../src/config.ts'
import { redisRateLimits } from '../../src/node/rate-limits.ts'
import { connectRedis } from '../../src/redis/connect.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

const low = {
  RATE_LIMIT_WEB_INTAKE: '3/600', RATE_LIMIT_WEB_TICKET: '2/600', RATE_LIMIT_STATUS: '4/60',
  RATE_LIMIT_ADMIN_FAILURES: '3/900', RATE_LIMIT_WECHAT_OPENID: '2/60', WECHAT_OA_TOKEN: 'niangjia2026',
}
async function desks() {
  const redis = await startTestRedis()
  cleanup.push(() => redis.stop())
  const a: TestDesk = await startTestDesk({ redisUrl: redis.url, env: low })
  cleanup.push(() => a.close())
  return { redis, a }
}
const expect429 = async (res: Response) => {
  expect(res.status).toBe(429)
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'rate_limited' })
}

describe('request limits (defect: no route had one)', () => {
  it('limits web intake per address, shared by every process on the Redis, writing nothing when over', async () => {
    const { redis, a } = await desks()
    const b = await startTestDesk({ redisUrl: redis.url, dataDir: a.dataDir, databaseUrl: a.databaseUrl, env: { ...low, QUEUE_PREFIX: a.desk.config.QUEUE_PREFIX, RUN_WORKERS: 'false' } })
    cleanup.push(() => b.stop())
    for (const desk of [a, b, a]) expect((await desk.app.request('/api/messages', json({ text: '公司拖欠工资' }))).status).toBe(201)
    const before = await a.desk.db.message.count()
    await expect429(await b.app.request('/api/messages', json({ text: '公司拖欠工资' })))
    expect(await a.desk.db.message.count()).toBe(before)
  })

  it('limits messages to one web request and status look-ups per address', async () => {
    const { a } = await desks()
    const opened = (await (await a.app.request('/api/messages', json({ text: '单位不交社保' }))).json()) as { ticketNumber: string; accessCode: string }
    const more = { ticketNumber: opened.ticketNumber, accessCode: opened.accessCode }
    expect((await a.app.request('/api/messages', json({ text: '补充一', ...more }))).status).toBe(201)
    expect((await a.app.request('/api/messages', json({ text: '补充二', ...more }))).status).toBe(201)
    await expect429(await a.app.request('/api/messages', json({ text: '补充三', ...more })))

    // A number and code is a look-up wherever it is sent: the two messages that got past the other limits took 2 of the 4 status look-ups.
    for (let i = 0; i < 2; i++) expect((await a.app.request(`/api/tickets/${opened.ticketNumber}?code=${opened.accessCode}`)).status).toBe(200)
    await expect429(await a.app.request(`/api/tickets/${opened.ticketNumber}?code=${opened.accessCode}`))
  })

  it('locks an address out after repeated wrong admin tokens, the right one included, until the window passes', async () => {
    const { a } = await desks()
    const wrong = { authorization: 'Bearer not-the-admin-token-at-all' }
    expect((await a.app.request('/metrics', { headers: admin })).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await a.app.request('/metrics', { headers: wrong })).status).toBe(401)
    await expect429(await a.app.request('/metrics', { headers: wrong }))
    await expect429(await a.app.request('/metrics', { headers: admin }))
  })

  it('limits WeChat messages per openid, answering the worker in words and storing nothing over the limit', async () => {
    const { a } = await desks()
    const now = new Date()
    const post = (openId: string, msgId: bigint) => {
      const xml = callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(now)), MsgType: 'text', Content: '老板拖欠工资', MsgId: msgId })
      const [p, init] = plainRequest(xml, { timestamp: unix(now) })
      return a.app.request(`/wechat/official-account${p}`, init)
    }
    // The first opens the case; the second is taken as more about it (the desk then asks its next question).
    expect(await (await post('oFlood00000000000000000001', 7438000000000000001n)).text()).toContain('NJ-')
    expect(await (await post('oFlood00000000000000000001', 7438000000000000002n)).text()).not.toContain('您发得有点快')
    const over = await post('oFlood00000000000000000001', 7438000000000000003n)
    expect(over.status).toBe(200)
    expect(await over.text()).toContain('您发得有点快')
    expect(await a.desk.db.message.count({ where: { externalId: '7438000000000000003' } })).toBe(0)
    // Another worker is not held back by the first one's flood.
    expect(await (await post('oCalm000000000000000000001', 7438000000000000010n)).text()).toContain('NJ-')
  })

  it('counts a refused request in no window: a flood within the short window leaves the day\'s allowance as it was', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const client = connectRedis(redis.url)
    cleanup.push(async () => client.quit())
    // 2 a second and 3 a day, for one sender.
    const config = loadConfig({ DATA_DIR: '/tmp', RATE_LIMIT_WECHAT_OPENID: '2/1,3/86400', QUEUE_PREFIX: 'rl-test' })
    const limits = redisRateLimits(client, config)
    const take = () => limits.take('wechat_openid', 'oSender')
    expect(await take()).toEqual({ allowed: true })
    expect(await take()).toEqual({ allowed: true })
    for (let i = 0; i < 5; i++) expect((await take()).allowed).toBe(false)
    await new Promise((r) => setTimeout(r, 1_100))
    // Only the two that got through counted towards the day: one more gets through, then the day is spent.
    expect(await take()).toEqual({ allowed: true })
    const refused = await take()
    expect(refused.allowed).toBe(false)
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(3600)
    expect(await limits.check('wechat_openid', 'oSender')).toMatchObject({ allowed: false })
    // Another sender has the whole allowance.
    expect(await limits.take('wechat_openid', 'oOther')).toEqual({ allowed: true })
  })
})
