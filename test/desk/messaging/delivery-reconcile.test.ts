import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { reconcileTimers } from '../../../src/desk/timekeeping/index.ts'
import { jobIds } from '../../../src/queue/jobs.ts'
import { officialAccountDeskForThisFile } from '../../support/official-account-desk.ts'
import { admin, eventually, json } from '../../support/desk.ts'

/**
 * Defect: a pending Delivery whose outbound job Redis lost (a flush, a failover, a job
 * removed by hand) was never sent: the reconciler only looked at SLA and callback timers.
 */
const oa = officialAccountDeskForThisFile({ settle: true })
const t = oa.desk
const sentTo = oa.sentTo
const outboundJobsOf = async (deliveryId: string) =>
  (await t.desk.queues.outbound.getJobs(['wait', 'delayed', 'active', 'prioritized', 'completed', 'failed'])).filter((j) => j.data.deliveryId === deliveryId)

/** A cadre's reply to a worker who wrote on the Official Account, with its send job taken out of Redis before any worker ran it. */
async function replyWhoseJobIsLost(openId: string, text: string) {
  const r = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: openId, externalMessageId: `m-${openId}`, text: '公司拖欠我两个月工资', receivedAt: new Date() })
  await t.desk.queues.outbound.pause() // the workers take nothing while the job is removed
  try {
    const res = await t.app.request(`/api/tickets/${r.ticketNumber}/replies`, json({ text }, admin))
    expect(res.status).toBe(201)
    const { deliveryId } = (await res.json()) as { deliveryId: string }
    await eventually(async () => (await t.desk.db.outboxJob.findFirst({ where: { jobId: jobIds.outbound(deliveryId), enqueuedAt: { not: null } } })) !== null)
    await t.desk.queues.outbound.remove(jobIds.outbound(deliveryId))
    expect(await outboundJobsOf(deliveryId)).toEqual([])
    // Long enough ago that its job would have run by now.
    await t.desk.db.delivery.update({ where: { id: deliveryId }, data: { createdAt: new Date(Date.now() - 3_600_000), updatedAt: new Date(Date.now() - 3_600_000) } })
    return deliveryId
  } catch (err) {
    await t.desk.queues.outbound.resume()
    throw err
  }
}

describe('the reconciler and deliveries', () => {
  it('gives a pending delivery whose job Redis lost a job again, and the worker gets the reply once', async () => {
    const openId = 'oLostJob000000000000000001'
    const deliveryId = await replyWhoseJobIsLost(openId, '您好，欠薪的事我们已经联系了企业。')
    try {
      expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 1 })
      // A second pass finds the new job waiting and adds none.
      expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 0 })
      expect(await outboundJobsOf(deliveryId)).toHaveLength(1)
    } finally {
      await t.desk.queues.outbound.resume()
    }
    const d = await eventually(async () => {
      const row = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      return row.status === 'sent' ? row : null
    })
    expect(d.via).toBe('customer_service')
    expect(sentTo(openId)).toEqual([expect.objectContaining({ kind: 'custom', content: '您好，欠薪的事我们已经联系了企业。' })])
    // Sent: later passes leave it alone.
    expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 0 })
    await new Promise((r) => setTimeout(r, 300))
    expect(sentTo(openId)).toHaveLength(1)
  })

  it('leaves a pending delivery alone while its job is still in Redis, or while it is young', async () => {
    const openId = 'oLiveJob000000000000000001'
    const r = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: openId, externalMessageId: `m-${openId}`, text: '加班费没发', receivedAt: new Date() })
    await t.desk.queues.outbound.pause()
    try {
      const res = await t.app.request(`/api/tickets/${r.ticketNumber}/replies`, json({ text: '您好，我们在核实加班记录。' }, admin))
      const { deliveryId } = (await res.json()) as { deliveryId: string }
      await eventually(async () => (await t.desk.queues.outbound.getJob(jobIds.outbound(deliveryId))) !== undefined)
      await t.desk.db.delivery.update({ where: { id: deliveryId }, data: { updatedAt: new Date(Date.now() - 3_600_000) } })
      expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 0 }) // its own job is waiting
      await t.desk.queues.outbound.remove(jobIds.outbound(deliveryId))
      await t.desk.db.delivery.update({ where: { id: deliveryId }, data: { updatedAt: new Date() } })
      expect(await reconcileTimers(t.desk)).toMatchObject({ requeued: 0 }) // just written: its job may not have reached Redis yet
    } finally {
      await t.desk.queues.outbound.resume()
    }
  })
})
