// Several web and worker processes on one database and one Redis (the scale-out shape):
// real child processes of `src/main.ts web|worker`, a fake WeChat that speaks the real
// protocol, and the database of this pass (SQLite file or PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmbeddedRedis } from '../../src/redis/embedded.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../fakes/wechat-api-server.ts'
import { AES_KEY, ACCOUNT, APP_ID, callbackXml, encryptedRequest, openEncryptedReply, unix } from '../channels/wechat-oa/wechat-sim.ts'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'
import { startRoleProcess, type RoleProcess } from '../support/role-process.ts'

const SECRET = 'test-app-secret-0123456789abcdef'
let redis: EmbeddedRedis
let wechat: FakeWeChatApi
let first: TestDesk
const webs: RoleProcess[] = []
const workers: RoleProcess[] = []

beforeAll(async () => {
  redis = await startTestRedis()
  wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: SECRET })
  const oa = { WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_ENCODING_AES_KEY: AES_KEY, WECHAT_OA_APP_ID: APP_ID, WECHAT_OA_APP_SECRET: SECRET, WECHAT_API_BASE_URL: wechat.baseUrl }
  // The in-process desk only reads the database for the assertions; the children do the work.
  first = await startTestDesk({ redisUrl: redis.url, role: 'web', env: oa })
  const env = { ...oa, RATE_LIMIT_WEB_INTAKE: '100000/60', RATE_LIMIT_WECHAT_OPENID: '100000/60', OUTBOX_RELAY_INTERVAL_MS: '300', OUTBOX_RELAY_GRACE_MS: '1000' }
  const started = await Promise.all([startRoleProcess(first, 'web', env), startRoleProcess(first, 'web', env), startRoleProcess(first, 'worker', env), startRoleProcess(first, 'worker', env)])
  webs.push(started[0], started[1])
  workers.push(started[2], started[3])
}, 120_000)

afterAll(async () => {
  await Promise.all([...webs, ...workers].map((p) => p.stop()))
  await first?.close()
  await wechat?.close()
  await redis?.stop()
})

let msgId = 7438123456789100000n
const textFrom = (openId: string, content: string) =>
  callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(new Date())), MsgType: 'text', Content: content, MsgId: msgId++ })
const postTo = (web: RoleProcess, xml: string) => {
  const [p, init] = encryptedRequest(xml, { timestamp: unix(new Date()) })
  return fetch(`${web.url}/wechat/official-account${p}`, init)
}

describe('two web and two worker processes on one database and one Redis', () => {
  it('make one ticket of a WeChat message whose retries reach different web processes at once', async () => {
    const workersAtDesk = Array.from({ length: 8 }, (_, i) => `oScaleOut${String(i).padStart(17, '0')}`)
    const replies = await Promise.all(
      workersAtDesk.map(async (openId) => {
        const xml = textFrom(openId, '老板拖欠我们三个月工资了，二十多个人')
        // WeChat retries after 5 s without an answer; a slow first try means the retry can land anywhere.
        // A 503 (the database could not take the message just then, nothing stored) is what WeChat
        // answers with a retry of its own, as it would here; every copy ends acknowledged.
        const likeWeChat = async (web: RoleProcess) => {
          for (let attempt = 0; ; attempt++) {
            const res = await postTo(web, xml)
            if (res.status !== 503 || attempt === 3) return res
            await new Promise((r) => setTimeout(r, 1000))
          }
        }
        const answers = await Promise.all([likeWeChat(webs[0]!), likeWeChat(webs[1]!), likeWeChat(webs[1]!), likeWeChat(webs[0]!)])
        for (const a of answers) expect(a.status).toBe(200)
        return Promise.all(answers.map((a) => a.text()))
      }),
    )
    // On a loaded machine an answer may be `success` and the ticket follow a moment later (the 4-second budget).
    const ticketsOf = (openId: string) => first.desk.db.ticket.findMany({ where: { worker: { identities: { some: { externalId: openId } } } } })
    await eventually(async () => (await Promise.all(workersAtDesk.map(ticketsOf))).every((t) => t.length > 0), 30_000)
    for (const openId of workersAtDesk) {
      expect(await ticketsOf(openId)).toHaveLength(1)
      expect(await first.desk.db.message.count({ where: { direction: 'in', worker: { identities: { some: { externalId: openId } } } } })).toBe(1)
    }
    // Every answer that carries a reply names that one ticket.
    for (const answers of replies) {
      const numbers = new Set(answers.filter((a) => a !== 'success').map((a) => String(openEncryptedReply(a).doc.Content).match(/NJ-\d{6}-\d{4}/)?.[0]))
      expect(numbers.size).toBeLessThanOrEqual(1)
    }
  }, 60_000)

  it('deliver each cadre reply once, with one access token fetched for all of them', async () => {
    const openIds = Array.from({ length: 6 }, (_, i) => `oScaleReply${String(i).padStart(15, '0')}`)
    const numbers: string[] = []
    for (const [i, openId] of openIds.entries()) {
      await postTo(webs[i % 2]!, textFrom(openId, '公司不给交社保，想问问怎么办'))
      const ticket = await eventually(() => first.desk.db.ticket.findFirst({ where: { worker: { identities: { some: { externalId: openId } } } } }))
      numbers.push(ticket.number)
    }
    const sentBefore = wechat.sent.length
    await Promise.all(
      numbers.map(async (number, i) => {
        const res = await fetch(`${webs[i % 2]!.url}/api/tickets/${number}/replies`, json({ text: `您好，关于${number}，我们明天上午给您回电话。` }, admin))
        expect(res.status).toBe(201)
      }),
    )
    const replyTo = (openId: string) => wechat.sent.slice(sentBefore).filter((m) => 'toOpenId' in m && m.toOpenId === openId && JSON.stringify(m).includes('回电话'))
    await eventually(async () => openIds.every((id) => replyTo(id).length >= 1), 30_000)
    await new Promise((r) => setTimeout(r, 1500)) // a second send would come by now
    for (const openId of openIds) expect(replyTo(openId)).toHaveLength(1)
    expect(wechat.tokenRequests.filter((r) => r.ok)).toHaveLength(1)
  }, 90_000)
})
