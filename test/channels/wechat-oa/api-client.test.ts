import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OfficialAccountClient } from '../../../src/channels/wechat-oa/api-client.ts'
import { WeChatApiError, WeChatTransportError } from '../../../src/channels/wechat-oa/errors.ts'
import { defaultMenu } from '../../../src/channels/wechat-oa/menu.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../../fakes/wechat-api-server.ts'
import { startTestRedis as startRedis } from '../../support/redis.ts'
import type { EmbeddedRedis as StartedRedis } from '../../../src/redis/embedded.ts'

const APP_ID = 'wx0123456789abcdef'
const APP_SECRET = 'secret-0123456789abcdef0123456789'
const OPENID = 'oWorker_0123456789abcdefghijk'

let redisServer: StartedRedis
let fake: FakeWeChatApi
const connections: Redis[] = []
let testNo = 0
let keyPrefix = ''

/** One Redis connection per simulated process, as separate processes would have. */
const connect = () => {
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 })
  connections.push(redis)
  return redis
}
const newClient = (over: Partial<ConstructorParameters<typeof OfficialAccountClient>[0]> = {}) =>
  new OfficialAccountClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl: fake.baseUrl, redis: connect(), keyPrefix, timeoutMs: 2000, ...over })

beforeAll(async () => {
  redisServer = await startRedis()
})
afterAll(async () => {
  await redisServer.stop()
})
beforeEach(async () => {
  keyPrefix = `test-${++testNo}`
  fake = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET })
})
afterEach(async () => {
  await fake.close()
  await Promise.all(connections.splice(0).map((c) => c.quit()))
})

describe('access token', () => {
  it('is fetched from the stable-token endpoint once and shared through Redis by other processes', async () => {
    const first = newClient()
    const token = await first.getAccessToken()
    expect(token).toMatch(/^ACCESS_TOKEN_/)
    expect(fake.tokenRequests).toEqual([{ appid: APP_ID, forceRefresh: false, ok: true }])

    const otherProcess = newClient()
    expect(await otherProcess.getAccessToken()).toBe(token)
    expect(fake.tokenRequests).toHaveLength(1)

    // Cached until five minutes before WeChat's expiry.
    const ttl = await connect().pttl(`${keyPrefix}:${APP_ID}:access-token`)
    expect(ttl).toBeGreaterThan((7200 - 300 - 5) * 1000)
    expect(ttl).toBeLessThanOrEqual((7200 - 300) * 1000)
  })

  it('is fetched by only one of ten processes that all find the cache empty at once', async () => {
    fake.delayNext(1, 150, '/cgi-bin/stable_token') // hold the lock long enough for everyone to pile up
    const clients = Array.from({ length: 10 }, () => newClient())
    const tokens = await Promise.all(clients.map((c) => c.getAccessToken()))
    expect(new Set(tokens).size).toBe(1)
    expect(fake.tokenRequests).toHaveLength(1)
  })

  it('is refreshed before it expires', async () => {
    await fake.close()
    fake = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET, tokenLifetimeSeconds: 2 })
    const client = newClient()
    const first = await client.getAccessToken()
    await new Promise((r) => setTimeout(r, 1100)) // our copy lives half of a short lifetime
    await client.sendText(OPENID, '你好')
    expect(fake.tokenRequests).toHaveLength(2)
    expect(await client.getAccessToken()).not.toBe(first)
    expect(fake.sent).toHaveLength(1)
  })

  it('surfaces a wrong AppSecret as a configuration error and does not leave the lock behind', async () => {
    const client = newClient({ appSecret: 'wrong' })
    const err = await client.getAccessToken().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WeChatApiError)
    expect(err).toMatchObject({ errcode: 40125, kind: 'configuration', retryable: false, endpoint: '/cgi-bin/stable_token' })
    // The lock is gone, so the next call asks WeChat itself rather than waiting for a holder that left.
    expect(await connect().exists(`${keyPrefix}:${APP_ID}:access-token-lock`)).toBe(0)
    await expect(client.getAccessToken()).rejects.toMatchObject({ errcode: 40125 })
    expect(fake.tokenRequests.map((r) => r.ok)).toEqual([false, false])
  })

  it('reports a missing IP whitelist entry (40164) as a configuration error', async () => {
    fake.failNext(1, 40164, '/cgi-bin/stable_token')
    await expect(newClient().getAccessToken()).rejects.toMatchObject({ errcode: 40164, kind: 'configuration' })
  })
})

describe('customer-service messages', () => {
  it('sends text with the real JSON shape and keeps Chinese intact', async () => {
    await newClient().sendText(OPENID, '您的求助已受理，编号 GH-000123。')
    expect(fake.sent).toEqual([
      {
        kind: 'custom',
        toOpenId: OPENID,
        msgtype: 'text',
        content: '您的求助已受理，编号 GH-000123。',
        body: { touser: OPENID, msgtype: 'text', text: { content: '您的求助已受理，编号 GH-000123。' } },
      },
    ])
  })

  it.each([40001, 40014, 42001])('refetches the token after %i and delivers exactly once', async (errcode) => {
    const client = newClient()
    const before = await client.getAccessToken()
    fake.failNext(1, errcode)
    await client.sendText(OPENID, '一次')
    expect(fake.sent).toHaveLength(1)
    // WeChat still hands out the refused token in normal mode, so the client must force a new one.
    expect(fake.tokenRequests.map((r) => r.forceRefresh)).toEqual([false, false, true])
    expect(await client.getAccessToken()).not.toBe(before)
  })

  it('recovers when every token expired (42001) without forcing a refresh', async () => {
    const client = newClient()
    await client.getAccessToken()
    fake.expireTokens()
    await client.sendText(OPENID, '过期之后')
    expect(fake.sent).toHaveLength(1)
    expect(fake.tokenRequests.map((r) => r.forceRefresh)).toEqual([false, false])
  })

  it('recovers when the token was revoked elsewhere (40001) and shares the new token with other processes', async () => {
    const a = newClient()
    const b = newClient()
    await a.getAccessToken()
    fake.revokeTokens()
    await a.sendText(OPENID, 'a')
    await b.sendText(OPENID, 'b')
    expect(fake.sent.map((m) => (m.kind === 'custom' ? m.content : ''))).toEqual(['a', 'b'])
    expect(fake.tokenRequests).toHaveLength(2)
  })

  it('gives up after one refetch when the token is refused again', async () => {
    fake.failNext(2, 40001)
    const err = await newClient().sendText(OPENID, 'x').catch((e: unknown) => e)
    expect(err).toMatchObject({ errcode: 40001, kind: 'token_invalid', retryable: true })
    expect(fake.sent).toHaveLength(0)
  })

  it.each([
    [-1, 'system_busy', true],
    [45011, 'rate_limited', true],
    [45009, 'quota_exhausted', true],
    [45015, 'window_closed', false],
    [45047, 'window_exhausted', false],
    [43004, 'recipient_unreachable', false],
  ] as const)('turns errcode %i into a typed %s error (retryable: %s)', async (errcode, kind, retryable) => {
    fake.failNext(1, errcode)
    const err = await newClient().sendText(OPENID, 'x').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WeChatApiError)
    expect(err).toMatchObject({ errcode, kind, retryable, endpoint: '/cgi-bin/message/custom/send' })
    expect((err as WeChatApiError).errmsg).toContain(' rid: ')
    expect((err as Error).message).not.toContain('access_token=')
    expect(fake.sent).toHaveLength(0)
  })

  it('refuses text over 2048 bytes with 45002', async () => {
    await expect(newClient().sendText(OPENID, '工'.repeat(700))).rejects.toMatchObject({ errcode: 45002, kind: 'invalid_message' })
  })

  it('times out with a retryable transport error', async () => {
    const client = newClient({ timeoutMs: 200 })
    await client.getAccessToken()
    fake.delayNext(1, 1000, '/cgi-bin/message/custom/send')
    const err = await client.sendText(OPENID, 'slow').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WeChatTransportError)
    expect(err).toMatchObject({ retryable: true, endpoint: '/cgi-bin/message/custom/send' })
  })

  it('reports an unreachable WeChat as a transport error', async () => {
    const client = newClient({ baseUrl: 'http://127.0.0.1:1' })
    await expect(client.getAccessToken()).rejects.toBeInstanceOf(WeChatTransportError)
  })
})

describe('template messages', () => {
  it('sends the real body and returns the msgid with all its digits', async () => {
    const result = await newClient().sendTemplate({
      toOpenId: OPENID,
      templateId: 'tpl_progress',
      url: 'https://desk.example.org/t/1',
      data: { thing1: { value: '欠薪求助' }, phrase2: { value: '处理中' } },
      clientMsgId: 'delivery-42',
    })
    expect(result.msgId).toBe('3000000000000000000')
    expect(fake.sent).toHaveLength(1)
    expect(fake.sent[0]).toMatchObject({
      kind: 'template',
      toOpenId: OPENID,
      templateId: 'tpl_progress',
      body: {
        touser: OPENID,
        template_id: 'tpl_progress',
        url: 'https://desk.example.org/t/1',
        client_msg_id: 'delivery-42',
        data: { thing1: { value: '欠薪求助' }, phrase2: { value: '处理中' } },
      },
    })
  })

  it('reports an invalid template id as a configuration error', async () => {
    fake.failNext(1, 40037, '/cgi-bin/message/template/send')
    await expect(newClient().sendTemplate({ toOpenId: OPENID, templateId: 'nope', data: {} })).rejects.toMatchObject({
      errcode: 40037,
      kind: 'configuration',
    })
  })
})

describe('menu', () => {
  it('publishes the desk menu with its three CLICK keys', async () => {
    await newClient().createMenu(defaultMenu())
    expect(fake.sent).toEqual([{ kind: 'menu', body: defaultMenu() }])
  })
})
