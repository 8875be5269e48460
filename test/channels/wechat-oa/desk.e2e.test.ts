import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmbeddedRedis } from '../../../src/redis/embedded.ts'
import { releaseDeferred } from '../../../src/desk/messaging/index.ts'
import { openLocation } from '../../../src/desk/people/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../../support/desk.ts'
import { startTestRedis } from '../../support/redis.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../../fakes/wechat-api-server.ts'
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.ts'
import { AES_KEY, APP_ID, ACCOUNT, OPENID, callbackXml, encryptedRequest, openEncryptedReply, unix } from './wechat-sim.ts'
import { holdWriteLock } from '../../support/database.ts'

const SECRET = 'test-app-secret-0123456789abcdef'
const TEMPLATE_ID = 'tmpl-notice-0001'
let redis: EmbeddedRedis
let wechat: FakeWeChatApi
let t: TestDesk

const oaEnv = (baseUrl: string, extra: Record<string, string> = {}) => ({
  WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_ENCODING_AES_KEY: AES_KEY, WECHAT_OA_APP_ID: APP_ID,
  WECHAT_OA_APP_SECRET: SECRET, WECHAT_API_BASE_URL: baseUrl, ...extra,
})

beforeAll(async () => {
  redis = await startTestRedis()
  wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: SECRET })
  t = await startTestDesk({ redisUrl: redis.url, env: oaEnv(wechat.baseUrl) })
})
afterAll(async () => {
  await t?.close()
  await wechat?.close()
  await redis?.stop()
})

let nextMsgId = 7438123456789000000n
const now = () => new Date()
/** A worker's message as WeChat posts it in safe mode, signed and encrypted, with a fresh 19-digit MsgId. */
const textFrom = (openId: string, content: string, msgId = nextMsgId++) =>
  callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(now())), MsgType: 'text', Content: content, MsgId: msgId })
const eventFrom = (openId: string, event: string, extra: Record<string, string | number> = {}, createTime = Number(unix(now()))) =>
  callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: createTime, MsgType: 'event', Event: event, ...extra })

const post = (desk: TestDesk, xml: string) => {
  const [p, init] = encryptedRequest(xml, { timestamp: unix(now()) })
  return desk.app.request(`/wechat/official-account${p}`, init)
}
const replyText = async (res: Response) => {
  expect(res.status).toBe(200)
  const { doc, signatureOk } = openEncryptedReply(await res.text())
  expect(signatureOk).toBe(true)
  return String(doc.Content)
}
const sentTo = (openId: string) => wechat.sent.filter((m) => 'toOpenId' in m && m.toOpenId === openId)

describe('a worker writes to the Official Account', () => {
  it('gets an encrypted passive reply with a ticket number, and the ticket remembers the channel', async () => {
    const reply = await replyText(await post(t, textFrom('oWorkerA000000000000000001', '老板拖欠了我们三个月工资 二十几个人')))
    const number = reply.match(/NJ-\d{6}-\d{4}/)?.[0]
    expect(number).toBeDefined()
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { messages: true } })
    expect(ticket).toMatchObject({ channel: 'wechat_oa', category: 'wage_arrears' })
    expect(ticket.messages[0]!.externalId).toMatch(/^\d{19}$/) // the 19-digit MsgId, digit for digit
    const identity = await t.desk.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: 'oWorkerA000000000000000001' } } })
    expect(identity.workerId).toBe(ticket.workerId)
  })

  it('creates one ticket when WeChat delivers the same message four times at once', async () => {
    const before = await t.desk.db.ticket.count()
    const xml = textFrom('oWorkerB000000000000000001', '工地上包工头跑路了 工钱都没结')
    const replies = await Promise.all([1, 2, 3, 4].map(async () => replyText(await post(t, xml))))
    expect(new Set(replies.map((r) => r.match(/NJ-\d{6}-\d{4}/)?.[0])).size).toBe(1)
    expect(await t.desk.db.ticket.count()).toBe(before + 1)
  })

  it('answers 进度 with the worker’s tickets instead of opening another', async () => {
    const openId = 'oWorkerC000000000000000001'
    const first = await replyText(await post(t, textFrom(openId, '单位不给交社保 想问怎么维权')))
    const number = first.match(/NJ-\d{6}-\d{4}/)![0]
    const before = await t.desk.db.ticket.count()
    const status = await replyText(await post(t, textFrom(openId, '查进度')))
    expect(status).toContain(number)
    expect(status).toContain('等待工会干部答复')
    expect(await t.desk.db.ticket.count()).toBe(before)
  })

  it('answers in Traditional characters to a worker who writes them', async () => {
    const reply = await replyText(await post(t, textFrom('oWorkerD000000000000000001', '老闆欠我們兩個月工資不發')))
    expect(reply).toContain('編號')
  })

  it('keeps a picture’s MediaId and PicUrl, and a shared location on the worker', async () => {
    const openId = 'oWorkerE000000000000000001'
    const image = callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(now())), MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x.jpg', MediaId: 'media-123', MsgId: nextMsgId++ })
    expect((await post(t, image)).status).toBe(200)
    const msg = await t.desk.db.message.findFirstOrThrow({ where: { channel: 'wechat_oa', kind: 'image' } })
    expect(JSON.parse(msg.media!)).toEqual([expect.objectContaining({ kind: 'image', mediaId: 'media-123', url: 'http://mmbiz.qpic.cn/x.jpg' })])
    const location = callbackXml({
      ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(now())), MsgType: 'location',
      Location_X: '22.5431', Location_Y: '113.9344', Scale: '15', Label: '深圳市南山区粤海街道', MsgId: nextMsgId++,
    })
    expect((await post(t, location)).status).toBe(200)
    const worker = await t.desk.db.worker.findUniqueOrThrow({ where: { id: msg.workerId } })
    expect(openLocation(t.desk.crypto, worker.location!)).toMatchObject({ lat: 22.5431, lng: 113.9344 })
    // Sealed on the message too: neither the label nor the coordinates in clear (defect D2).
    const stored = await t.desk.db.message.findFirstOrThrow({ where: { workerId: worker.id, kind: 'location' } })
    expect(stored.text).toBe('[位置]')
    expect(`${stored.text}${stored.media}`).not.toMatch(/粤海街道|22\.5431|113\.9344/)
  })
})

describe('events', () => {
  it('welcomes a new follower once, however often WeChat repeats the event', async () => {
    const xml = eventFrom('oFollower0000000000000001', 'subscribe', { EventKey: `qrscene_${demoUnion.units.huaxing.code}` })
    const first = await replyText(await post(t, xml))
    expect(first).toContain('欢迎关注')
    expect(await replyText(await post(t, xml))).toBe(first)
    expect(await t.desk.db.channelEvent.count({ where: { kind: 'subscribe' } })).toBe(1)
    const identity = await t.desk.db.channelIdentity.findUniqueOrThrow({
      where: { channel_externalId: { channel: 'wechat_oa', externalId: 'oFollower0000000000000001' } }, include: { worker: { include: { unit: true } } },
    })
    // The QR code's scene names the unit whose poster was scanned.
    expect(identity.worker.unit?.code).toBe(demoUnion.units.huaxing.code)
  })

  it('answers the 查询进度 menu with the worker’s real ticket status', async () => {
    const openId = 'oMenu000000000000000000001'
    const opened = await replyText(await post(t, textFrom(openId, '想申请困难帮扶 孩子上学交不起学费')))
    const number = opened.match(/NJ-\d{6}-\d{4}/)![0]
    const reply = await replyText(await post(t, eventFrom(openId, 'CLICK', { EventKey: 'NJ_QUERY_PROGRESS' })))
    expect(reply).toContain(number)
  })

  it('marks a worker who unfollows, and sends them nothing more', async () => {
    const openId = 'oLeaver0000000000000000001'
    const opened = await replyText(await post(t, textFrom(openId, '厂里扣了我工资')))
    const number = opened.match(/NJ-\d{6}-\d{4}/)![0]
    expect((await post(t, eventFrom(openId, 'unsubscribe'))).status).toBe(200)
    const res = await t.app.request(`/api/tickets/${number}/replies`, json({ text: '您好，我们已经联系了厂方。' }, admin))
    const { deliveryId } = (await res.json()) as { deliveryId: string }
    const delivery = await eventually(async () => {
      const d = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return d.status === 'pending' || d.status === 'sending' ? null : d
    })
    expect(delivery).toMatchObject({ status: 'failed', errorCode: 'unsubscribed' })
    expect(sentTo(openId)).toEqual([])
  })
})

describe('a cadre’s reply reaches the worker on WeChat', () => {
  const openTicket = async (openId: string, text: string) => {
    const reply = await replyText(await post(t, textFrom(openId, text)))
    return reply.match(/NJ-\d{6}-\d{4}/)![0]
  }
  const cadreReply = async (number: string, text: string) => {
    const res = await t.app.request(`/api/tickets/${number}/replies`, json({ text }, admin))
    expect(res.status).toBe(201)
    return ((await res.json()) as { deliveryId: string }).deliveryId
  }
  const settled = (deliveryId: string) =>
    eventually(async () => {
      const d = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return d.status === 'pending' || d.status === 'sending' ? null : d
    })

  it('as a customer-service message inside the 48-hour window', async () => {
    const openId = 'oReply00000000000000000001'
    const number = await openTicket(openId, '公司拖欠工资 怎么办')
    const deliveryId = await cadreReply(number, '王师傅您好，我是南山区总工会的林晓燕，明天上午给您回电话。')
    expect(await settled(deliveryId)).toMatchObject({ status: 'sent', via: 'customer_service' })
    expect(sentTo(openId)).toEqual([expect.objectContaining({ kind: 'custom', content: '王师傅您好，我是南山区总工会的林晓燕，明天上午给您回电话。' })])
  })

  it('retries when WeChat is busy, and sends once', async () => {
    const openId = 'oReply00000000000000000002'
    const number = await openTicket(openId, '加班费一直没发')
    wechat.failNext(1, -1, '/cgi-bin/message/custom/send')
    const deliveryId = await cadreReply(number, '您好，加班费的事我们在核实。')
    const d = await settled(deliveryId)
    expect(d).toMatchObject({ status: 'sent', via: 'customer_service' })
    expect(d.attempts).toBe(2)
    expect(sentTo(openId)).toHaveLength(1)
  }, 90_000)

  it('waits for the worker’s next message when the window has closed and no notice template is set', async () => {
    const openId = 'oReply00000000000000000003'
    const number = await openTicket(openId, '被辞退了没有补偿')
    await t.desk.db.channelIdentity.updateMany({ where: { externalId: openId }, data: { lastInboundAt: new Date(Date.now() - 3 * 24 * 3600_000) } })
    const deliveryId = await cadreReply(number, '您好，关于经济补偿，我们可以帮您申请劳动仲裁。')
    expect(await settled(deliveryId)).toMatchObject({ status: 'deferred' })
    expect(sentTo(openId)).toEqual([])
    // The worker writes again: the window opens and the waiting reply goes out.
    await post(t, textFrom(openId, '在吗'))
    // The mock WeChat records the message before the desk writes down that it was sent.
    const sent = await eventually(async () => {
      const d = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return d.status === 'sent' ? d : null
    })
    expect(sent).toMatchObject({ via: 'customer_service' })
    expect(sentTo(openId)).toHaveLength(1)
  })

  it('sends a waiting reply once when two messages from the worker release it at the same moment', async () => {
    const openId = 'oReply00000000000000000005'
    const number = await openTicket(openId, '单位拖欠加班费')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    await t.desk.db.channelIdentity.updateMany({ where: { externalId: openId }, data: { lastInboundAt: new Date(Date.now() - 3 * 24 * 3600_000) } })
    const deliveryId = await cadreReply(number, '您好，加班费的事我们已经在和厂里谈。')
    expect(await settled(deliveryId)).toMatchObject({ status: 'deferred' })
    await t.desk.db.channelIdentity.updateMany({ where: { externalId: openId }, data: { lastInboundAt: new Date() } })
    const released = await Promise.all([1, 2, 3].map(() => releaseDeferred(t.desk, ticket.workerId, 'wechat_oa')))
    expect(released.reduce((a, b) => a + b, 0)).toBe(1)
    // Every send job of the delivery has ended, none is left to run: the first one deferred, the one release sent.
    const sends = await eventually(async () => {
      const all = (await t.desk.queues.outbound.getJobs(['completed', 'failed', 'active', 'wait', 'delayed', 'prioritized'])).filter((j) => j.data.deliveryId === deliveryId)
      return all.length === 2 && all.every((j) => j.finishedOn) ? all : null
    })
    expect(sends.map((j) => j.returnvalue).sort()).toEqual(['deferred', 'sent'])
    expect(sentTo(openId)).toHaveLength(1)
  })

  it('falls back to a template notice when WeChat says the window is used up', async () => {
    await t.close()
    t = await startTestDesk({ redisUrl: redis.url, env: oaEnv(wechat.baseUrl, { WECHAT_OA_NOTICE_TEMPLATE_ID: TEMPLATE_ID, PUBLIC_URL: 'https://desk.example.org' }) })
    const openId = 'oReply00000000000000000004'
    const number = await openTicket(openId, '工资少发了八百')
    wechat.failNext(1, 45047, '/cgi-bin/message/custom/send')
    const deliveryId = await cadreReply(number, '您好，少发的八百元我们已经和厂里沟通。')
    expect(await settled(deliveryId)).toMatchObject({ status: 'sent', via: 'template' })
    const [notice] = sentTo(openId)
    expect(notice).toMatchObject({ kind: 'template', templateId: TEMPLATE_ID })
    expect(JSON.stringify(notice)).toContain(deliveryId) // client_msg_id: a retried job cannot notify twice
  })
})

describe('the 5-second rule', () => {
  it('answers success within the budget when understanding the message is slow, then replies by customer-service message', async () => {
    const llm: FakeOpenAI = await startFakeOpenAI()
    llm.script({ kind: 'tool', args: { category: 'wage_arrears', urgent: false, confidence: 0.95, reason: '欠薪' }, delayMs: 2500 })
    const slow = await startTestDesk({
      redisUrl: redis.url,
      env: oaEnv(wechat.baseUrl, {
        WECHAT_OA_REPLY_BUDGET_MS: '1000', LLM_PROVIDER: 'openai', LLM_BASE_URL: llm.baseURL, LLM_MODEL: 'test-model',
        LLM_API_KEY: 'sk-test', LLM_TIMEOUT_MS: '4000', CLASSIFY_LLM_THRESHOLD: '1',
      }),
    })
    try {
      const openId = 'oSlow000000000000000000001'
      const started = Date.now()
      const res = await post(slow, textFrom(openId, '老板欠薪'))
      expect(Date.now() - started).toBeLessThan(4000)
      expect(await res.text()).toBe('success')
      // Stored before `success` was said:
      expect(await slow.desk.db.message.count({ where: { channel: 'wechat_oa', worker: { identities: { some: { externalId: openId } } } } })).toBe(1)
      const [cs] = await eventually(async () => (sentTo(openId).length ? sentTo(openId) : null), 15_000)
      expect(cs).toMatchObject({ kind: 'custom' })
      expect((cs as { content: string }).content).toMatch(/NJ-\d{6}-\d{4}/)
    } finally {
      await slow.close()
      await llm.close()
    }
  }, 90_000)

  it('answers 503, never success, when the database cannot store the message in time; WeChat’s retry is taken in once', async () => {
    const openId = 'oLocked000000000000000001'
    const xml = textFrom(openId, '数据库忙的时候发来的消息')
    const lock = await holdWriteLock(t.databaseUrl)
    try {
      const res = await post(t, xml)
      expect(res.status).toBe(503)
      expect(await res.text()).not.toBe('success')
    } finally {
      await lock.release()
    }
    // WeChat delivers it again. The first store may still complete once the lock is gone: the retry meets it.
    // After a store that slow the desk may count itself behind: then the answer comes by customer-service message.
    const retry = await post(t, xml)
    const body = await retry.clone().text()
    const reply = body === 'success'
      ? ((await eventually(async () => sentTo(openId)[0], 20_000)) as { content: string }).content
      : await replyText(retry)
    expect(reply).toMatch(/NJ-\d{6}-\d{4}/)
    expect(await t.desk.db.message.count({ where: { channel: 'wechat_oa', direction: 'in', worker: { identities: { some: { externalId: openId } } } } })).toBe(1)
  }, 90_000)
})

describe('WeChat quotas', () => {
  it('waits for midnight in China when the daily quota is used up, instead of burning attempts', async () => {
    const { retryAtFor } = await import('../../../src/channels/wechat-oa/sender.ts')
    const { WeChatApiError } = await import('../../../src/channels/wechat-oa/errors.ts')
    // 22:30 in Beijing on 25 November: the quota resets at 00:00 on the 26th (16:00Z on the 25th), plus a spread.
    const at = retryAtFor(new WeChatApiError(45009, 'reach max api daily quota limit', '/cgi-bin/message/custom/send'), new Date('2026-11-25T14:30:00Z'))!
    expect(at.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-25T16:05:00Z'))
    expect(at.getTime()).toBeLessThan(Date.parse('2026-11-25T16:15:00Z'))
    const minute = retryAtFor(new WeChatApiError(45011, 'api minute-quota reach limit', '/cgi-bin/message/custom/send'), new Date('2026-11-25T14:30:00Z'))!
    expect(minute.toISOString()).toBe('2026-11-25T14:31:00.000Z')
  })

  it('keeps a delivery that hit the daily quota waiting in the queue, not failed', async () => {
    const openId = 'oQuota00000000000000000001'
    const reply = await replyText(await post(t, textFrom(openId, '单位欠我两个月工资')))
    const number = reply.match(/NJ-\d{6}-\d{4}/)![0]
    wechat.failNext(1, 45009, '/cgi-bin/message/custom/send')
    const res = await t.app.request(`/api/tickets/${number}/replies`, json({ text: '您好，我们明天联系您。' }, admin))
    const { deliveryId } = (await res.json()) as { deliveryId: string }
    const job = await eventually(async () => {
      const j = await t.desk.queues.outbound.getJob(`out-${deliveryId}`)
      return j && (await j.getState()) === 'delayed' ? j : null
    })
    // Moved to after the next midnight in China, with its attempts untouched.
    expect(job.attemptsMade).toBe(0)
    expect(await job.getState()).toBe('delayed')
    const d = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
    expect(d).toMatchObject({ status: 'pending', errorCode: 'wechat_45009' })
    expect(sentTo(openId)).toEqual([])
  })
})
