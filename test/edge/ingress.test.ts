import { describe, expect, it } from 'vitest'
import { officialAccountDeskForThisFile } from '../support/official-account-desk.ts'
import { eventually } from '../support/desk.ts'
import { ACCOUNT, unix } from '../channels/wechat-oa/wechat-sim.ts'
import { FORWARD_SECRET, freshMsgId, signedForward, textForward } from './forward-sign.ts'

// The core's door for the edge: POST /edge/inbound on a real desk (real Redis, the database of this pass).
const oa = officialAccountDeskForThisFile({ env: { EDGE_FORWARD_SECRET: FORWARD_SECRET } })
const t = oa.desk
const post = (...[path, init]: [string, RequestInit]) => t.app.request(path, init)
const inbound = (msgId: string) => t.desk.db.message.count({ where: { channel: 'wechat_oa', externalId: msgId, direction: 'in' } })

describe('the core’s ingress for the edge', () => {
  it('takes a signed message: stored once, the passive reply in the answer', async () => {
    const forward = textForward('oEdgeIngress00000000000001', '老板拖欠我们三个月工资了 二十多个人')
    const res = await post(...signedForward(forward))
    expect(res.status).toBe(200)
    const answer = (await res.json()) as { status: string; reply?: string }
    expect(answer.status).toBe('answered')
    expect(answer.reply).toMatch(/NJ-\d{6}-\d{4}/)
    const msgId = forward.callback.kind === 'message' ? forward.callback.message.externalMessageId : ''
    expect(await inbound(msgId)).toBe(1)
  })

  it('answers a duplicate 200 with the first answer, and stores nothing twice', async () => {
    const msgId = freshMsgId()
    const first = (await (await post(...signedForward(textForward('oEdgeIngress00000000000002', '工地包工头跑路了 工钱没结', { msgId })))).json()) as { reply?: string }
    const again = await post(...signedForward(textForward('oEdgeIngress00000000000002', '工地包工头跑路了 工钱没结', { msgId, mode: 'deliver' })))
    expect(again.status).toBe(200)
    expect(((await again.json()) as { reply?: string }).reply).toBe(first.reply)
    expect(await inbound(msgId)).toBe(1)
  })

  it('sends the reply of a queued message as a customer-service message: nobody waits for it at the edge', async () => {
    const openId = 'oEdgeIngress00000000000003'
    const res = await post(...signedForward(textForward(openId, '单位不给交社保 想问怎么维权', { mode: 'deliver' })))
    expect(res.status).toBe(200)
    const sent = await eventually(async () => oa.sentTo(openId).find((m) => m.kind === 'custom'))
    expect(sent.kind === 'custom' && sent.content).toMatch(/NJ-\d{6}-\d{4}/)
  })

  it('refuses a bad MAC with 401 and a reason, storing nothing', async () => {
    const forward = textForward('oEdgeIngress00000000000004', '我想找个电工的工作')
    const res = await post(...signedForward(forward, { secret: 'another-secret-0123456789abcdefghij' }))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'bad_signature' } })
    const msgId = forward.callback.kind === 'message' ? forward.callback.message.externalMessageId : ''
    expect(await inbound(msgId)).toBe(0)
    // A body changed after signing is a bad MAC too.
    const [path, init] = signedForward(forward)
    const tampered = await post(path, { ...init, body: String(init.body).replace('电工', '焊工') })
    expect(tampered.status).toBe(401)
    const missing = await post(path, { ...init, headers: { 'content-type': 'application/json' } })
    expect(missing.status).toBe(401)
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('refuses a stale timestamp, either way of the core’s clock', async () => {
    for (const skew of [-301_000, 301_000]) {
      const res = await post(...signedForward(textForward('oEdgeIngress00000000000005', '在吗'), { at: new Date(Date.now() + skew) }))
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ error: { code: 'stale' } })
    }
  })

  it('refuses a replay of a signed forward with 409, even of one it took', async () => {
    const request = signedForward(textForward('oEdgeIngress00000000000006', '家里困难 孩子上学交不起学费'))
    expect((await post(...request)).status).toBe(200)
    const replay = await post(...request)
    expect(replay.status).toBe(409)
    expect(await replay.json()).toMatchObject({ error: { code: 'replayed' } })
  })

  it('refuses a body that fails the contract with 400, naming the fields but not the values', async () => {
    const bad = { v: 1, mode: 'reply', callback: { kind: 'message', message: { channel: 'web', externalUserId: 'oEdgeIngress00000000000007', externalMessageId: freshMsgId(), text: '秘密内容', receivedAt: 'yesterday' } } }
    const res = await post(...signedForward(JSON.stringify(bad)))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_forward')
    expect(body.error.message).toContain('callback.message.channel')
    expect(body.error.message).not.toContain('秘密内容')
    expect((await post(...signedForward('not json'))).status).toBe(400)
  })

  it('hands an event over as its document: a follow gets the welcome', async () => {
    const document = { ToUserName: ACCOUNT, FromUserName: 'oEdgeIngress00000000000008', CreateTime: unix(new Date()), MsgType: 'event', Event: 'subscribe' }
    const res = await post(...signedForward({ v: 1, mode: 'reply', callback: { kind: 'document', document } }))
    expect(res.status).toBe(200)
    const answer = (await res.json()) as { status: string; reply?: string }
    expect(answer.status).toBe('answered')
    expect(answer.reply?.length).toBeGreaterThan(0)
    const identity = await t.desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'wechat_oa', externalId: 'oEdgeIngress00000000000008' } } })
    expect(identity).not.toBeNull()
  })

  it('keeps message text and OpenIDs out of its logs', () => {
    expect(t.logs()).not.toContain('老板拖欠')
    expect(t.logs()).not.toContain('oEdgeIngress00000000000001')
  })
})
