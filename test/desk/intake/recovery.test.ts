import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { receiveMessage } from '../../../src/desk/intake/index.ts'
import { relayOutbox } from '../../../src/queue/outbox.ts'
import { eventually, startTestDesk } from '../../support/desk.ts'
import { startTestRedis } from '../../support/redis.ts'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

describe('a process that dies after storing a message and before opening its ticket', () => {
  it('loses nothing: the restarted desk finishes the message and sends the worker the reply they missed', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const first = await startTestDesk({ redisUrl: redis.url })
    cleanup.push(() => first.close())

    // Step 1 only: the message is stored (a channel may now acknowledge it), then the process "dies".
    const receipt = await receiveMessage(first.desk, {
      channel: 'wechat_oa', externalUserId: 'oCrash00000000000000000001', externalMessageId: '7438000000000000001',
      text: '工厂拖欠工资两个月了', receivedAt: new Date(),
    })
    expect(receipt.duplicate).toBe(false)
    expect(await first.desk.db.ticket.count()).toBe(0)
    const net = await first.desk.db.outboxJob.findFirstOrThrow({ where: { queue: 'intake' } })
    expect(net).toMatchObject({ jobId: `intake-${receipt.messageId}`, enqueuedAt: null })
    await first.stop()

    const second = await startTestDesk({ redisUrl: redis.url, dataDir: first.dataDir, databaseUrl: first.databaseUrl, env: { OUTBOX_RELAY_GRACE_MS: '0' } })
    cleanup.push(() => second.stop())
    const message = await eventually(async () => {
      const m = await second.desk.db.message.findUniqueOrThrow({ where: { id: receipt.messageId } })
      return m.ticketId ? m : null
    })
    const ticket = await second.desk.db.ticket.findUniqueOrThrow({ where: { id: message.ticketId! } })
    expect(ticket.category).toBe('wage_arrears')
    // The reply the worker never got is queued to them (WeChat has no sender configured here, so it waits in the portal inbox).
    const delivery = await eventually(() => second.desk.db.delivery.findFirst({ where: { ticketId: ticket.id, purpose: 'deferred_reply' } }))
    const text = await second.desk.db.message.findUniqueOrThrow({ where: { id: delivery.messageId! } })
    expect(text.text).toContain(ticket.number)
    expect(await second.desk.db.outboxJob.count({ where: { queue: 'intake', enqueuedAt: null } })).toBe(0)
  })

  it('does not open a second ticket when the intake queue and a late request both process it', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const t = await startTestDesk({ redisUrl: redis.url })
    cleanup.push(() => t.close())
    const receipt = await receiveMessage(t.desk, {
      channel: 'web', externalUserId: 'anon-race', externalMessageId: 'race-0000001', text: '公司不给交社保', receivedAt: new Date(),
    })
    const [a, b] = await Promise.all([receipt.process(), receipt.process()])
    expect(a.ticketNumber).toBe(b.ticketNumber)
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true])
    expect(await t.desk.db.ticket.count()).toBe(1)
  })

  it('hands a message to the intake queue again when Redis lost the job that was to process it', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const t = await startTestDesk({ redisUrl: redis.url, env: { RUN_WORKERS: 'false' } })
    cleanup.push(() => t.close())
    const receipt = await receiveMessage(t.desk, {
      channel: 'web', externalUserId: 'anon-lost-job', externalMessageId: 'lost-job-0000001', text: '工地上摔伤了，老板不管', receivedAt: new Date(),
    })
    const jobId = `intake-${receipt.messageId}`
    await relayOutbox({ ...t.desk, graceMs: 0 }) // the safety net reached Redis (nobody processed the message)
    expect(await t.desk.queues.intake.getJob(jobId)).toBeDefined()
    const client = new Redis(redis.url)
    await client.flushall() // and Redis lost it
    client.disconnect()
    expect(await t.desk.queues.intake.getJob(jobId)).toBeUndefined()
    // Before the fix the row stayed marked as enqueued, and the message was never processed.
    await relayOutbox({ ...t.desk, graceMs: 0, intakeRearmMs: 0 })
    expect(await t.desk.queues.intake.getJob(jobId)).toBeDefined()
  })
})
