import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { receiveMessage } from '../../src/desk/intake/index.ts'
import type { EmbeddedRedis } from '../../src/redis/embedded.ts'
import { startWorkers, type RunningWorkers } from '../../workers/index.ts'
import { eventually, startTestDesk, type TestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'

/**
 * The one-process desk's workers give way to its webhook: while the load gauge says the
 * process is behind, handed-over messages wait in the intake queue; then they are processed.
 */
let redis: EmbeddedRedis
let t: TestDesk
let workers: RunningWorkers
beforeAll(async () => {
  redis = await startTestRedis()
  t = await startTestDesk({ redisUrl: redis.url, env: { RUN_WORKERS: 'false' } })
  workers = startWorkers(t.desk, redis.url, ['intake', 'outbound'])
})
afterAll(async () => {
  await workers?.close(2000)
  await t?.close()
  await redis?.stop()
})

describe('workers yielding to the webhook', () => {
  it('leave handed-over messages in the intake queue while behind, and process them once caught up', async () => {
    let behind = true
    const stop = workers.yieldTo(() => behind, ['intake'], { everyMs: 10, calmMs: 50 })
    try {
      await new Promise((r) => setTimeout(r, 50)) // the first look has been taken: paused
      const receipt = await receiveMessage(t.desk, { channel: 'web', externalUserId: 'yield-1', externalMessageId: 'yield-msg-1', text: '老板拖欠工资三个月了', receivedAt: new Date() })
      await receipt.handOff()
      // Waiting or, when the worker's fetch was already out as it paused, put back for later.
      const held = async () => {
        const counts = await t.desk.queues.intake.getJobCounts('wait', 'delayed')
        return (counts.wait ?? 0) + (counts.delayed ?? 0)
      }
      expect(await eventually(async () => ((await held()) >= 1 ? true : null))).toBe(true)
      await new Promise((r) => setTimeout(r, 300)) // a few looks later, still behind: still not processed
      expect(await held()).toBe(1)
      expect(await t.desk.db.message.findUniqueOrThrow({ where: { id: receipt.messageId } })).toMatchObject({ ticketId: null })
      behind = false
      const processed = await eventually(async () => (await t.desk.db.message.findUniqueOrThrow({ where: { id: receipt.messageId } })).ticketId, 15_000)
      expect(processed).toBeTruthy()
    } finally {
      await stop()
    }
  })
})
