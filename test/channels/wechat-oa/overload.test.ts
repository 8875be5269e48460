import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IntakeResult } from '../../../src/channels/types.ts'
import { OfficialAccountConfig } from '../../../src/channels/wechat-oa/config.ts'
import { officialAccountWebhook, type Receipt } from '../../../src/channels/wechat-oa/webhook.ts'
import { createLoadGauge, type LoadGauge, type Overload } from '../../../src/lib/load-gauge.ts'
import type { EmbeddedRedis } from '../../../src/redis/embedded.ts'
import { gate } from '../../fakes/gate.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../../fakes/wechat-api-server.ts'
import { admin, eventually, startTestDesk, type TestDesk } from '../../support/desk.ts'
import { startTestRedis } from '../../support/redis.ts'
import { AES_KEY, ACCOUNT, APP_ID, callbackXml, encryptedRequest, NOW, openEncryptedReply, plainRequest, textXml, TOKEN, unix } from './wechat-sim.ts'

const opened: IntakeResult = { duplicate: false, ticketNumber: 'GH-1', outcome: 'opened', reply: '已受理，编号 GH-1' }

/** The webhook alone, with intake replaced by a recorder and the gauge told what to say. */
function setup(opts: { behind?: Overload; gauge?: LoadGauge; duplicate?: boolean; settled?: boolean; store?: () => Promise<void>; handOff?: () => Promise<void>; storeDeadlineMs?: number }) {
  const calls = { processed: 0, handedOff: 0, shed: [] as Overload[], deferred: 0 }
  const load: LoadGauge = opts.gauge ?? { ...createLoadGauge({ loopLagMs: 1e9, inFlight: 1e9, storeMs: 1e9 }), behind: () => opts.behind }
  const app = officialAccountWebhook({
    config: OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: TOKEN }),
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    load,
    onShed: (reason) => void calls.shed.push(reason),
    ...(opts.storeDeadlineMs ? { storeDeadlineMs: opts.storeDeadlineMs } : {}),
    receiveMessage: async (): Promise<Receipt> => {
      await opts.store?.()
      return {
        duplicate: opts.duplicate ?? false,
        settled: opts.settled ?? false,
        process: async () => (calls.processed++, opened),
        handOff: async () => {
          calls.handedOff++
          await opts.handOff?.()
        },
      }
    },
    handleEvent: async () => ({}),
    deferReply: () => void calls.deferred++,
  })
  const post = (content: string, signal?: AbortSignal) => {
    const [p, init] = plainRequest(textXml(content))
    return app.request(p, { ...init, ...(signal ? { signal } : {}) })
  }
  return { calls, post }
}

describe('the webhook when the process is behind', () => {
  it('stores the message, answers success at once and hands it to the intake queue instead of processing it', async () => {
    const t = setup({ behind: 'event_loop_lag' })
    const res = await t.post('老板欠薪三个月')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
    expect(t.calls).toEqual({ processed: 0, handedOff: 1, shed: ['event_loop_lag'], deferred: 0 })
  })

  it('answers a repeat with the reply even when behind: WeChat repeats a message whose answer it never heard', async () => {
    const t = setup({ behind: 'in_flight', duplicate: true, settled: true })
    expect(await (await t.post('重复')).text()).toContain('已受理，编号 GH-1')
    expect(t.calls).toMatchObject({ processed: 1, handedOff: 0, shed: [] })
  })

  it('answers success to a repeat whose first copy is still on its way, without waiting for it', async () => {
    const t = setup({ behind: 'in_flight', duplicate: true, settled: false })
    expect(await (await t.post('重复')).text()).toBe('success')
    expect(t.calls.processed).toBe(0)
  })

  it('still answers success when the hand-off fails: the message is stored, and the relay hands it over', async () => {
    const t = setup({ behind: 'store_latency', handOff: async () => Promise.reject(new Error('redis is down')) })
    expect(await (await t.post('交不上社保')).text()).toBe('success')
  })

  it('in a burst, takes in as many as it can and sheds the rest: those that came later do not make the first ones late', async () => {
    const stores = gate()
    const gauge = createLoadGauge({ loopLagMs: 1e9, inFlight: 2, storeMs: 1e9 })
    const t = setup({ gauge, store: () => stores.pass() })
    const answers = Promise.all(['欠薪一', '欠薪二', '欠薪三'].map(async (text) => (await t.post(text)).text()))
    await eventually(async () => (gauge.readings().inFlight === 3 ? true : null))
    stores.open() // all three stored while the others were in flight
    const texts = await answers
    expect(texts.filter((a) => a === 'success')).toHaveLength(2)
    expect(texts.filter((a) => a.includes('已受理，编号 GH-1'))).toHaveLength(1)
    expect(t.calls).toMatchObject({ processed: 1, handedOff: 2, shed: ['in_flight', 'in_flight'] })
  })

  it('processes and answers as usual when it keeps up', async () => {
    const t = setup({})
    const res = await t.post('想找电工的活')
    expect(await res.text()).toContain('已受理，编号 GH-1')
    expect(t.calls).toEqual({ processed: 1, handedOff: 0, shed: [], deferred: 0 })
  })

  it('sends the reply as a message of its own when WeChat hung up before it was ready', async () => {
    const t = setup({})
    const hungUp = new AbortController()
    hungUp.abort()
    await t.post('等得太久了', hungUp.signal)
    expect(t.calls).toMatchObject({ processed: 1, deferred: 1 })
  })

  it('answers 503 when the message is not stored by the deadline, and lets the late store finish', async () => {
    const held = gate()
    let storeFinished = false
    const t = setup({ storeDeadlineMs: 100, store: async () => (await held.pass(), void (storeFinished = true)) })
    const res = await t.post('数据库很慢的时候')
    expect(res.status).toBe(503)
    expect(await res.text()).not.toBe('success')
    held.open()
    await eventually(async () => storeFinished || null)
  })
})

describe('a desk that is behind, end to end', () => {
  const SECRET = 'test-app-secret-0123456789abcdef'
  let redis: EmbeddedRedis
  let wechat: FakeWeChatApi
  let t: TestDesk
  beforeAll(async () => {
    redis = await startTestRedis()
    wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: SECRET })
    // A limit of one request in flight: every message, itself in flight, finds the desk behind.
    t = await startTestDesk({
      redisUrl: redis.url,
      env: {
        WECHAT_OA_TOKEN: TOKEN, WECHAT_OA_ENCODING_AES_KEY: AES_KEY, WECHAT_OA_APP_ID: APP_ID, WECHAT_OA_APP_SECRET: SECRET,
        WECHAT_API_BASE_URL: wechat.baseUrl, LOAD_SHED_IN_FLIGHT: '1',
      },
    })
  })
  afterAll(async () => {
    await t?.close()
    await wechat?.close()
    await redis?.stop()
  })

  let msgId = 7438123456700000000n
  const text = (openId: string, content: string, id = msgId++) =>
    callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(new Date())), MsgType: 'text', Content: content, MsgId: id })
  const post = (xml: string) => {
    const [p, init] = encryptedRequest(xml, { timestamp: unix(new Date()) })
    return t.app.request(`/wechat/official-account${p}`, init)
  }
  const sentTo = (openId: string) => wechat.sent.filter((m) => 'toOpenId' in m && m.toOpenId === openId)
  const ticketsOf = (openId: string) => t.desk.db.ticket.count({ where: { worker: { identities: { some: { channel: 'wechat_oa', externalId: openId } } } } })

  it('answers success, and the intake queue opens the ticket and replies by customer-service message', async () => {
    const openId = 'oBehind0000000000000000001'
    const res = await post(text(openId, '老板拖欠我们三个月工资了'))
    expect(await res.text()).toBe('success')
    const [reply] = await eventually(async () => (sentTo(openId).length ? sentTo(openId) : null), 20_000)
    expect(reply).toMatchObject({ kind: 'custom' })
    const number = (reply as { content: string }).content.match(/NJ-\d{6}-\d{4}/)?.[0]
    expect(number).toBeDefined()
    expect(await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })).toMatchObject({ channel: 'wechat_oa', category: 'wage_arrears' })
    const metrics = await (await t.app.request('/metrics', { headers: admin })).text()
    expect(metrics).toMatch(/niangjia_shed_messages_total\{channel="wechat_oa",reason="in_flight"\} [1-9]/)
  }, 90_000)

  it('takes in a message WeChat delivers four times at once as one ticket, and answers the repeats', async () => {
    const openId = 'oBehind0000000000000000002'
    const xml = text(openId, '工地上包工头跑路了 工钱都没结')
    const answers = await Promise.all([1, 2, 3, 4].map(async () => {
      const res = await post(xml)
      expect(res.status).toBe(200)
      const body = await res.text()
      return body === 'success' ? body : String(openEncryptedReply(body).doc.Content)
    }))
    // The first is handed over; a repeat is WeChat saying it missed an answer, so it gets one.
    expect(answers.filter((a) => a === 'success').length).toBeGreaterThanOrEqual(1)
    await eventually(async () => ((await t.desk.db.outboxJob.count({ where: { queue: 'intake' } })) === 0 ? true : null), 20_000)
    await eventually(async () => ((await t.desk.queues.intake.getJobCounts('waiting', 'active', 'delayed')).active === 0 ? true : null))
    expect(await ticketsOf(openId)).toBe(1)
    const number = (await t.desk.db.ticket.findFirstOrThrow({ where: { worker: { identities: { some: { externalId: openId } } } } })).number
    for (const a of answers.filter((x) => x !== 'success')) expect(a).toContain(number)
    // Whoever processed it, the worker hears the number: in an answer, or once by customer-service message.
    expect(sentTo(openId).length).toBeLessThanOrEqual(1)
    if (answers.every((a) => a === 'success')) await eventually(async () => (sentTo(openId).length === 1 ? true : null), 20_000)
  }, 90_000)
})
