import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { deliver } from '../../../src/desk/messaging/index.ts'
import { reconcileTimers } from '../../../src/desk/timekeeping/index.ts'
import { jobIds } from '../../../src/queue/jobs.ts'
import { officialAccountDeskForThisFile } from '../../support/official-account-desk.ts'
import { admin, eventually, json } from '../../support/desk.ts'

/**
 * Defect: deliver() called WeChat and only then wrote `sent`, so a crash in between sent
 * the reply again with no trace, and two jobs for one delivery could both send it. A send
 * is now claimed (`sending`) first; a claim left behind by a process that died is taken
 * over after a grace period, sent again, and flagged on the ticket's timeline.
 */
const oa = officialAccountDeskForThisFile({ settle: true })
const t = oa.desk
const sentTo = oa.sentTo
const MINUTE = 60_000

/** A cadre's reply with no send job left in Redis: only what the test does to it happens. */
async function replyWithoutJob(openId: string, text: string) {
  const r = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: openId, externalMessageId: `m-${openId}`, text: '单位不给交社保', receivedAt: new Date() })
  await t.desk.queues.outbound.pause()
  try {
    const res = await t.app.request(`/api/tickets/${r.ticketNumber}/replies`, json({ text }, admin))
    expect(res.status).toBe(201)
    const { deliveryId } = (await res.json()) as { deliveryId: string }
    await eventually(async () => (await t.desk.db.outboxJob.findFirst({ where: { jobId: jobIds.outbound(deliveryId), enqueuedAt: { not: null } } })) !== null)
    await t.desk.queues.outbound.remove(jobIds.outbound(deliveryId))
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: r.ticketNumber! } })
    return { deliveryId, ticketId: ticket.id }
  } finally {
    await t.desk.queues.outbound.resume()
  }
}

describe('a delivery left in `sending` by a process that died', () => {
  it('waits out the grace period, is sent again once, and the timeline says it may have arrived twice', async () => {
    const openId = 'oCrashed000000000000000001'
    const { deliveryId, ticketId } = await replyWithoutJob(openId, '您好，社保的事我们明天去企业核实。')
    // What a worker that claimed the send and died (before or after WeChat took it) leaves behind.
    const claimed = async (ago: number) =>
      t.desk.db.delivery.update({ where: { id: deliveryId }, data: { status: 'sending', updatedAt: new Date(Date.now() - ago) } })

    // Within the grace period the claim may be a live send: nobody else sends it.
    await claimed(10_000)
    expect(await deliver(t.desk, deliveryId, { isLast: false })).toBe('in_flight')
    expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 0 })
    expect(sentTo(openId)).toEqual([])
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId, type: 'delivery.possible_duplicate' } })).toBe(0)

    // Past it, the reconciler gives the delivery a job again, and the answer goes out.
    await claimed(30 * MINUTE)
    expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 1 })
    const d = await eventually(async () => {
      const row = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return row.status === 'sent' ? row : null
    })
    expect(d.via).toBe('customer_service')
    expect(sentTo(openId)).toHaveLength(1)
    const [event] = await t.desk.db.ticketEvent.findMany({ where: { ticketId, type: 'delivery.possible_duplicate' } })
    expect(event).toMatchObject({ actor: 'system', dedupeKey: `delivery-duplicate-${deliveryId}` })
    expect(JSON.parse(event!.data!)).toMatchObject({ deliveryId, channel: 'wechat_oa' })
    // Once sent, nothing sends it again.
    expect(await deliver(t.desk, deliveryId, { isLast: false })).toBe('sent')
    expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 0 })
    expect(sentTo(openId)).toHaveLength(1)
  })
})

describe('two sends of one delivery at once', () => {
  it('send it once: the second finds the first one’s claim', async () => {
    const openId = 'oTwice0000000000000000001'
    const { deliveryId, ticketId } = await replyWithoutJob(openId, '您好，我们已经收到您的材料。')
    oa.wechat.delayNext(1, 300, '/cgi-bin/message/custom/send') // the first send is still with WeChat when the second starts
    const outcomes = await Promise.all([deliver(t.desk, deliveryId, { isLast: false }), deliver(t.desk, deliveryId, { isLast: false })])
    expect(outcomes.sort()).toEqual(['in_flight', 'sent'])
    expect(sentTo(openId)).toHaveLength(1)
    expect(await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({ status: 'sent', attempts: 1 })
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId, type: 'delivery.possible_duplicate' } })).toBe(0)
  })
})
