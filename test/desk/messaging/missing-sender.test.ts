import { afterAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../../support/desk.ts'
import { startTestRedis } from '../../support/redis.ts'
import { startFakeWeChatApi } from '../../fakes/wechat-api-server.ts'
import { APP_ID } from '../../channels/wechat-oa/wechat-sim.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

/**
 * Defect: a message for a push channel whose sender this process lacks (the Official
 * Account without its AppSecret) was marked sent "via portal_inbox", and the worker never
 * got it. It must wait, retried, for a process that can send it.
 */
describe('a push channel without a sender in this process', () => {
  it('keeps the delivery pending and retried, and a process with the sender delivers it', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const secret = 'test-app-secret-0123456789abcdef'
    const wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: secret })
    cleanup.push(() => wechat.close())

    // A desk that knows the Official Account (its token) but has no API credentials.
    const passive: TestDesk = await startTestDesk({ redisUrl: redis.url, env: { WECHAT_OA_TOKEN: 'niangjia2026' } })
    cleanup.push(() => passive.close())
    const openId = 'oNoSender00000000000000001'
    const r = await acceptMessage(passive.desk, { channel: 'wechat_oa', externalUserId: openId, externalMessageId: 'no-sender-1', text: '公司拖欠我两个月工资', receivedAt: new Date() })
    const res = await passive.app.request(`/api/tickets/${r.ticketNumber}/replies`, json({ text: '您好，我们已联系企业，请保留考勤记录。' }, admin))
    expect(res.status).toBe(201)
    const { deliveryId } = (await res.json()) as { deliveryId: string }

    const waiting = await eventually(async () => {
      const d = await passive.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return d.errorCode === 'no_sender' ? d : null
    })
    expect(waiting).toMatchObject({ status: 'pending', via: null, sentAt: null })
    expect(await (await passive.desk.queues.outbound.getJob(`out-${deliveryId}`))?.getState()).toBe('delayed')
    await passive.stop()

    // The same desk restarted with its credentials: the retry goes out through WeChat.
    const sending = await startTestDesk({
      redisUrl: redis.url, dataDir: passive.dataDir, databaseUrl: passive.databaseUrl,
      env: { WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_APP_ID: APP_ID, WECHAT_OA_APP_SECRET: secret, WECHAT_API_BASE_URL: wechat.baseUrl, QUEUE_PREFIX: passive.desk.config.QUEUE_PREFIX },
    })
    cleanup.push(() => sending.close())
    const sent = await eventually(async () => {
      const d = await sending.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return d.status === 'sent' ? d : null
    }, 60_000)
    expect(sent.via).toBe('customer_service')
    expect(wechat.sent.filter((m) => 'toOpenId' in m && m.toOpenId === openId)).toHaveLength(1)
  })
})
