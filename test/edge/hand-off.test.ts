import { describe, expect, it } from 'vitest'
import { ACCOUNT, TOKEN, callbackXml, plainRequest, unix } from '../channels/wechat-oa/wechat-sim.ts'
import { parseWeChatXml } from '../../src/channels/wechat-oa/xml.ts'
import { eventually } from '../support/desk.ts'
import { edgeCoreForThisFile } from './edge-core.ts'
import { edgeWorkersForThisFile } from './edge-worker.ts'
import { FORWARD_SECRET, freshMsgId } from './forward-sign.ts'

/**
 * The hand-off from the edge (the shipped bundle in workerd) to a real core that is up, down,
 * or going up and down, with the edge's real queue in between. What must hold, whatever the
 * timing: every message the edge answered is stored by the core exactly once, and its worker
 * hears the answer exactly once: as the passive reply, or else as one customer-service message.
 */
const core = edgeCoreForThisFile()
const bindings = (deadlineMs: string) => () => ({
  WECHAT_OA_TOKEN: TOKEN, EDGE_CORE_URL: core.url, EDGE_FORWARD_SECRET: FORWARD_SECRET, EDGE_FORWARD_DEADLINE_MS: deadlineMs,
  // Retries a second or two apart: the core's outages here last seconds, not hours.
  EDGE_RETRY_BASE_SECONDS: '1', EDGE_RETRY_MAX_SECONDS: '2',
})
// patient: waits 3 s for the core, as shipped; hasty: gives up after 200 ms, so the queue takes over mid-request.
const edges = edgeWorkersForThisFile({ patient: bindings('3000'), hasty: bindings('200') })

type Sent = { openId: string; msgId: string; status: number; passive?: string }

let worker = 0
const send = async (edge: 'patient' | 'hasty', text: string, again?: Sent): Promise<Sent> => {
  const openId = again?.openId ?? `oEdgeHandOff${String(++worker).padStart(14, '0')}`
  const msgId = again?.msgId ?? freshMsgId()
  const xml = callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(new Date())), MsgType: 'text', Content: text, MsgId: BigInt(msgId) })
  const [p, init] = plainRequest(xml, { timestamp: unix(new Date()) })
  const res = await edges[edge]!.fetch(`/wechat/official-account${p}`, init)
  const body = await res.text()
  return { openId, msgId, status: res.status, ...(body.startsWith('<xml>') ? { passive: String(parseWeChatXml(body).Content) } : {}) }
}

const storedOnce = (msgId: string) => core.desk.desk.db.message.count({ where: { channel: 'wechat_oa', externalId: msgId, direction: 'in' } })

/**
 * The core has nothing left in hand: no reply staged and unsent, no job waiting for the outbox
 * relay, the intake and outbound queues empty; twice, a moment apart, since a late reply is
 * staged just after its message is processed. Only then can "answered once" be counted.
 */
async function coreAtRest() {
  const idle = async () => {
    const { db, queues } = core.desk.desk
    const counts = await Promise.all([queues.outbound, queues.intake].map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')))
    const unsent = await db.delivery.count({ where: { status: { in: ['pending', 'sending'] } } })
    const unqueued = await db.outboxJob.count({ where: { enqueuedAt: null } })
    return unsent === 0 && unqueued === 0 && counts.every((c) => Object.values(c).every((n) => n === 0))
  }
  await eventually(async () => (await idle()) && (await new Promise((r) => setTimeout(r, 300))) === undefined && (await idle()), 60_000)
}

/** Waits until every message is stored and answered, then checks each was stored and answered once. */
async function nothingLostNothingTwice(sent: Sent[]) {
  // WeChat shows a worker the answer to its last delivery of a message; an earlier one never reached it.
  const last = new Map(sent.map((s) => [s.msgId, s]))
  for (const s of last.values()) expect(s.status).toBe(200)
  await eventually(async () => {
    for (const s of last.values()) {
      if ((await storedOnce(s.msgId)) !== 1) return false
      if (!s.passive && core.sentTo(s.openId).length === 0) return false
    }
    return true
  }, 60_000)
  await coreAtRest()
  for (const s of last.values()) {
    expect(await storedOnce(s.msgId)).toBe(1)
    const replies = [...(s.passive ? [s.passive] : []), ...core.sentTo(s.openId)]
    expect(replies, `${s.openId}: one answer`).toHaveLength(1)
    expect(replies[0]).toMatch(/NJ-\d{6}-\d{4}/)
  }
}

describe('the hand-off from the edge to the core', () => {
  it('core up: the passive reply, and nothing queued', async () => {
    const sent = await send('patient', '老板拖欠我们三个月工资了 二十多个人')
    expect(sent.passive).toMatch(/NJ-\d{6}-\d{4}/)
    await nothingLostNothingTwice([sent])
    expect(edges.patient!.logs()).not.toContain('queued')
  })

  it('core down: WeChat hears success, the messages wait in the queue, and the replies come when the core is back', async () => {
    await core.stop()
    const sent = [
      await send('patient', '工地包工头跑路了 工钱没结'),
      await send('patient', '单位不给交社保 想问怎么维权'),
      await send('patient', '家里困难 孩子上学交不起学费'),
    ]
    // WeChat delivers one of them again (its first answer lost on the way): queued twice, stored once.
    sent.push(await send('patient', '工地包工头跑路了 工钱没结', sent[0]))
    for (const s of sent) {
      expect(s.status).toBe(200)
      expect(s.passive).toBeUndefined()
    }
    expect(edges.patient!.logs()).toContain('core not reached in time; queued')
    // The consumer has tried each of them against the stopped core, and they wait for a retry.
    const failedAttempts = () => edges.patient!.logs().split('queued message not handed over; retrying').length - 1
    await eventually(async () => failedAttempts() >= sent.length)
    await core.start()
    await nothingLostNothingTwice(sent)
  })

  it('core flapping: messages before, during and after each outage, each stored once and answered once', async () => {
    const sent: Promise<Sent>[] = []
    const wave = (n: number, edge: 'patient' | 'hasty') => {
      for (let i = 0; i < n; i++) sent.push(send(edge, i % 2 ? '公司拖欠工资两个月了' : '我想找个电工的工作 在定海'))
    }
    for (let round = 0; round < 2; round++) {
      wave(2, 'patient')
      wave(2, 'hasty')
      const stopping = core.stop()
      wave(2, 'patient') // while the core shuts down
      await stopping
      wave(2, 'hasty') // while it is down
      const starting = core.start()
      wave(2, 'patient') // while it starts
      await starting
    }
    wave(2, 'hasty')
    await nothingLostNothingTwice(await Promise.all(sent))
    // The outages were real: some messages had to wait in the queue and were handed over from it.
    expect(edges.patient!.logs() + edges.hasty!.logs()).toContain('queued message handed to the core')
  })

  it('hasty edge: when the core answers after the edge stopped waiting, the queued copy is a duplicate and the reply one message', async () => {
    const sent = await Promise.all([1, 2, 3, 4].map(() => send('hasty', '我们厂三个月没发工资了')))
    await nothingLostNothingTwice(sent)
  })
})
