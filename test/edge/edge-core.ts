import { createServer } from 'node:net'
import { afterAll, beforeAll } from 'vitest'
import { APP_ID } from '../channels/wechat-oa/wechat-sim.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../fakes/wechat-api-server.ts'
import { startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'
import type { EmbeddedRedis } from '../../src/redis/embedded.ts'
import { FORWARD_SECRET } from './forward-sign.ts'

const APP_SECRET = 'test-app-secret-0123456789abcdef'

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

export type EdgeCore = {
  /** Where the core listens: the Worker's EDGE_CORE_URL. The same across restarts. */
  url: string
  desk: TestDesk
  wechat: FakeWeChatApi
  /** The whole core process stops: HTTP, workers, database connections (its Redis and data stay). */
  stop(): Promise<void>
  /** The core comes back on the same port, data and Redis, as a restarted process would. */
  start(): Promise<void>
  /** Customer-service messages WeChat was asked to send to this worker. */
  sentTo(openId: string): string[]
}

/**
 * The real core for the edge tests: a desk listening on 127.0.0.1 (the Worker in Miniflare
 * reaches it over HTTP) with the Official Account connected to the fake WeChat API, a real
 * Redis, the database of this pass, and EDGE_FORWARD_SECRET set. It can be stopped and
 * started again, to be down while the edge takes messages.
 */
export function edgeCoreForThisFile(): EdgeCore {
  let redis: EmbeddedRedis
  let wechat: FakeWeChatApi
  let first: TestDesk
  let current: TestDesk | undefined
  let port = 0
  const env = () => ({
    WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_APP_ID: APP_ID, WECHAT_OA_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wechat.baseUrl,
    EDGE_FORWARD_SECRET: FORWARD_SECRET, HOST: '127.0.0.1', PORT: String(port),
  })
  beforeAll(async () => {
    redis = await startTestRedis()
    wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: APP_SECRET })
    port = await freePort()
    first = await startTestDesk({ redisUrl: redis.url, env: env(), listen: true })
    current = first
  })
  afterAll(async () => {
    if (current && current !== first) await current.close()
    await first?.close()
    await wechat?.close()
    await redis?.stop()
  })
  return {
    get url() {
      return `http://127.0.0.1:${port}`
    },
    get desk() {
      if (!current) throw new Error('the core is down')
      return current
    },
    get wechat() {
      return wechat
    },
    async stop() {
      await current?.stop()
      current = undefined
    },
    async start() {
      current = await startTestDesk({ redisUrl: redis.url, env: env(), listen: true, dataDir: first.dataDir, databaseUrl: first.databaseUrl })
    },
    sentTo: (openId) => wechat.sent.flatMap((m) => (m.kind === 'custom' && m.toOpenId === openId ? [m.content] : [])),
  }
}
