import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OfficialAccountClient } from '../../../src/channels/wechat-oa/api-client.ts'
import { OfficialAccountConfig } from '../../../src/channels/wechat-oa/config.ts'
import { WeChatTransportError } from '../../../src/channels/wechat-oa/errors.ts'
import type { EmbeddedRedis } from '../../../src/redis/embedded.ts'
import { startTestRedis } from '../../support/redis.ts'
import { readBody } from '../../fakes/read-body.ts'

const APP_ID = 'wx0123456789abcdef'
const APP_SECRET = 'secret-0123456789abcdef0123456789'

type Seen = { path: string; body: string }
/** A server that records every request and answers each with `answer`. */
async function recordingServer(answer: (req: IncomingMessage) => { status: number; headers?: Record<string, string>; body?: string }) {
  const seen: Seen[] = []
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ path: new URL(req.url ?? '/', 'http://x').pathname, body })
      const a = answer(req)
      res.writeHead(a.status, a.headers).end(a.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) }
}

let redisServer: EmbeddedRedis
let redis: Redis
beforeAll(async () => {
  redisServer = await startTestRedis()
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 })
})
afterAll(async () => {
  await redis.quit()
  await redisServer.stop()
})

describe('the WeChat API client and redirects', () => {
  it('does not follow a 307 from the token endpoint: the AppSecret goes once, to the first host only', async () => {
    const elsewhere = await recordingServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"STOLEN","expires_in":7200}' }))
    // 307 and 308 keep the method and the body: a client that followed would post the secret to `elsewhere`.
    const redirecting = await recordingServer(() => ({ status: 307, headers: { location: `${elsewhere.url}/cgi-bin/stable_token` } }))
    try {
      const client = new OfficialAccountClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl: redirecting.url, redis, keyPrefix: 'redirect-test', timeoutMs: 2000 })
      const err = await client.getAccessToken().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(WeChatTransportError)
      expect((err as Error).message).toMatch(/redirect/i)
      expect((err as Error).message).toContain('307')
      expect(redirecting.seen).toHaveLength(1)
      expect(redirecting.seen[0]!.body).toContain(APP_SECRET)
      expect(elsewhere.seen).toEqual([])
    } finally {
      await redirecting.close()
      await elsewhere.close()
    }
  })

  it('does not follow a redirect from a message endpoint either', async () => {
    const elsewhere = await recordingServer(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }))
    const server = await recordingServer((req) =>
      req.url?.startsWith('/cgi-bin/stable_token')
        ? { status: 200, body: '{"access_token":"TOKEN_1","expires_in":7200}' }
        : { status: 308, headers: { location: `${elsewhere.url}/cgi-bin/message/custom/send` } },
    )
    try {
      const client = new OfficialAccountClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl: server.url, redis, keyPrefix: 'redirect-test-2', timeoutMs: 2000 })
      await expect(client.sendText('oWorker_0123456789abcdefghijk', '你好')).rejects.toThrow(/redirect.*308/i)
      expect(elsewhere.seen).toEqual([])
    } finally {
      await server.close()
      await elsewhere.close()
    }
  })
})

describe('the API base URL', () => {
  const client = (baseUrl: string) => new OfficialAccountClient({ appId: APP_ID, appSecret: APP_SECRET, baseUrl, redis })

  it('is refused at construction when it is plain http to a host that is not loopback', () => {
    expect(() => client('http://api.weixin.qq.com')).toThrow(/WECHAT_API_BASE_URL/)
    expect(() => client('http://10.0.0.8:8080')).toThrow(/https/)
    expect(() => client('ftp://api.weixin.qq.com')).toThrow(/WECHAT_API_BASE_URL/)
    expect(() => client('not a url')).toThrow(/WECHAT_API_BASE_URL/)
  })

  it('is accepted as https anywhere, and as http only to loopback (a test server)', () => {
    for (const url of ['https://api.weixin.qq.com', 'https://proxy.example.org:8443/wx', 'http://127.0.0.1:8080', 'http://127.3.4.5', 'http://localhost:9000', 'http://[::1]:8080']) {
      expect(() => client(url), url).not.toThrow()
    }
  })

  it('is refused by the config schema, naming the variable', () => {
    const parsed = OfficialAccountConfig.safeParse({ WECHAT_API_BASE_URL: 'http://api.weixin.qq.com' })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['WECHAT_API_BASE_URL'])
    expect(parsed.error?.issues[0]?.message).toMatch(/https/)
    expect(OfficialAccountConfig.safeParse({ WECHAT_API_BASE_URL: 'HTTP://api.weixin.qq.com' }).success).toBe(false)
    expect(() => client('HTTP://api.weixin.qq.com')).toThrow(/WECHAT_API_BASE_URL/)
    expect(OfficialAccountConfig.parse({ WECHAT_API_BASE_URL: 'http://127.0.0.1:8080' }).WECHAT_API_BASE_URL).toBe('http://127.0.0.1:8080')
  })
})
