import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { QUOTA_WAIT_LIMITS } from '../../../src/desk/messaging/index.ts'
import { jobIds } from '../../../src/queue/jobs.ts'
import { officialAccountDeskForThisFile } from '../../support/official-account-desk.ts'
import { admin, eventually, json } from '../../support/desk.ts'

/**
 * Defect: a send that hit WeChat's quota (45009 until midnight in China, 45011 for a
 * minute) was put back to wait without limit, so a quota that never came back kept a
 * cadre's reply pending for ever, never dead-lettered and never seen. Each wait is now
 * counted, and past the ceiling the delivery is dead with an error that says why.
 *
 * Nobody waits hours here: each time the job has been moved to its later time, the test
 * promotes it, as if that time had come.
 */
const SEND = '/cgi-bin/message/custom/send'
const oa = officialAccountDeskForThisFile()
const t = oa.desk
const sentTo = oa.sentTo

async function cadreReply(openId: string, text: string) {
  const r = await acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: openId, externalMessageId: `m-${openId}`, text: '厂里拖欠工资', receivedAt: new Date() })
  const res = await t.app.request(`/api/tickets/${r.ticketNumber}/replies`, json({ text }, admin))
  expect(res.status).toBe(201)
  return ((await res.json()) as { deliveryId: string }).deliveryId
}

/**
 * Lets the delivery's job run again each time it has been moved to a later time, until the
 * delivery settles; returns how often it waited. Gives up after `most` waits.
 */
async function waitsUntilSettled(deliveryId: string, most: number) {
  for (let waits = 0; ; waits++) {
    const next = await eventually(async () => {
      const d = await t.desk.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } })
      if (d.status === 'sent' || d.status === 'dead') return { settled: true as const, delivery: d }
      const job = await t.desk.queues.outbound.getJob(jobIds.outbound(deliveryId))
      // This run's failure is recorded and its job moved to later.
      return d.attempts === waits + 1 && job && (await job.getState()) === 'delayed' ? { settled: false as const, job } : null
    })
    if (next.settled) return { waits, delivery: next.delivery }
    if (waits >= most) throw new Error(`still waiting after ${waits} waits for the quota`)
    await next.job.promote()
  }
}

describe('a send that keeps hitting WeChat’s quota', () => {
  it('waits for the daily quota (45009) a bounded number of midnights, then is dead with an error saying so', async () => {
    const openId = 'oDailyQuota00000000000001'
    oa.wechat.failNext(QUOTA_WAIT_LIMITS.daily + 1, 45009, SEND)
    const deliveryId = await cadreReply(openId, '您好，我们已经和厂方约好了时间。')
    const { waits, delivery } = await waitsUntilSettled(deliveryId, QUOTA_WAIT_LIMITS.daily + 5)
    expect(waits).toBe(QUOTA_WAIT_LIMITS.daily)
    expect(delivery).toMatchObject({ status: 'dead', errorCode: 'wechat_45009', attempts: QUOTA_WAIT_LIMITS.daily + 1 })
    expect(delivery.error).toMatch(new RegExp(`quota.*${QUOTA_WAIT_LIMITS.daily} times`))
    expect(delivery.error).toContain('45009')
    expect(sentTo(openId)).toEqual([])
    const job = await t.desk.queues.outbound.getJob(jobIds.outbound(deliveryId))
    expect(job?.returnvalue).toBe('dead')
  })

  it('waits out the per-minute limit (45011) a bounded number of times, then is dead', async () => {
    const openId = 'oMinuteQuota0000000000001'
    oa.wechat.failNext(QUOTA_WAIT_LIMITS.short + 1, 45011, SEND)
    const deliveryId = await cadreReply(openId, '您好，请您明天带上工资条。')
    const { waits, delivery } = await waitsUntilSettled(deliveryId, QUOTA_WAIT_LIMITS.short + 5)
    expect(waits).toBe(QUOTA_WAIT_LIMITS.short)
    expect(delivery).toMatchObject({ status: 'dead', errorCode: 'wechat_45011' })
    expect(delivery.error).toMatch(new RegExp(`quota.*${QUOTA_WAIT_LIMITS.short} times`))
    expect(sentTo(openId)).toEqual([])
  })

  it('is sent when the quota comes back before the ceiling, without spending an attempt per wait', async () => {
    const openId = 'oQuotaBack000000000000001'
    oa.wechat.failNext(2, 45011, SEND)
    const deliveryId = await cadreReply(openId, '您好，仲裁申请书我们帮您写好了。')
    const { waits, delivery } = await waitsUntilSettled(deliveryId, 5)
    expect(waits).toBe(2)
    expect(delivery).toMatchObject({ status: 'sent', via: 'customer_service' })
    expect(sentTo(openId)).toHaveLength(1)
    const job = await t.desk.queues.outbound.getJob(jobIds.outbound(deliveryId))
    expect(job?.attemptsMade).toBe(1) // the run that sent it; the waits were free
  })
})
