// A posting to 10,000 subscribers, with the worker process that pushes it killed (kill -9)
// midway and started again: every subscriber gets it at most once, ever, and everyone not
// caught in the killed process's last chunk gets it. Real child processes of
// `src/main.ts worker`, a fake WeChat that speaks the real protocol, this pass's database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PUSH_CHUNK, pushStats, settleStalePushes } from '../../../src/desk/postings/index.ts'
import type { WorkerDesk } from '../../../src/desk/desk.ts'
import type { EmbeddedRedis } from '../../../src/redis/embedded.ts'
import { APP_ID } from '../../channels/wechat-oa/wechat-sim.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../../fakes/wechat-api-server.ts'
import { eventually, startTestDesk, type TestDesk } from '../../support/desk.ts'
import { startTestRedis } from '../../support/redis.ts'
import { startWorkerRole, type RoleProcess } from '../../support/role-process.ts'
import { jobsCadre, publishedPosting } from './support.ts'

const SUBSCRIBERS = 10_000
const SECRET = 'test-app-secret-0123456789abcdef'
let redis: EmbeddedRedis
let wechat: FakeWeChatApi
let first: TestDesk
let worker: RoleProcess | undefined
const env: Record<string, string> = {}

beforeAll(async () => {
  redis = await startTestRedis()
  wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: SECRET })
  Object.assign(env, {
    WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_APP_ID: APP_ID, WECHAT_OA_APP_SECRET: SECRET, WECHAT_API_BASE_URL: wechat.baseUrl,
    JOB_QUIET_HOURS: 'none', JOB_PUSH_PER_SECOND: '5000', JOB_FANOUT_PAGE: '1000', OUTBOX_RELAY_INTERVAL_MS: '300', OUTBOX_RELAY_GRACE_MS: '1000',
  })
  // The in-process desk publishes and reads; the child does the pushing.
  first = await startTestDesk({ redisUrl: redis.url, role: 'web', env })
  await seedSubscribers(first, SUBSCRIBERS)
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  await first?.close()
  await wechat?.close()
  await redis?.stop()
})

/** 10,000 workers on WeChat who wrote today, each subscribed to 叉车司机 anywhere. Written in bulk: the fan-out is under test, not subscribing. */
async function seedSubscribers(d: TestDesk, n: number) {
  const now = new Date()
  for (let start = 0; start < n; start += 1000) {
    const ids = Array.from({ length: Math.min(1000, n - start) }, (_, i) => String(start + i).padStart(6, '0'))
    await d.desk.db.worker.createMany({ data: ids.map((i) => ({ id: `wk${i}`, createdAt: now, updatedAt: now })) })
    await d.desk.db.channelIdentity.createMany({ data: ids.map((i) => ({ id: `ci${i}`, channel: 'wechat_oa', externalId: `oKill${i}`.padEnd(28, '0'), workerId: `wk${i}`, lastInboundAt: now })) })
    await d.desk.db.jobSubscription.createMany({ data: ids.map((i) => ({ id: `js${i}`, workerId: `wk${i}`, channel: 'wechat_oa', keywords: '叉车', createdAt: now })) })
    await d.desk.db.jobSubscriptionTerm.createMany({ data: ids.map((i) => ({ subscriptionId: `js${i}`, term: '叉车司机' })) })
  }
}

const pushesSent = () => wechat.sent.filter((m) => m.kind === 'custom' && String(m.content).includes('工会岗位推荐'))

describe('a posting to 10,000 subscribers, the push worker killed midway', () => {
  it('reaches each subscriber at most once, and all but the killed chunk exactly once', async () => {
    const cadre = await jobsCadre(first.desk)
    worker = await startWorkerRole(first, env)
    const posting = await publishedPosting(first.desk, cadre, { title: '叉车司机（万人推送）' })
    await eventually(async () => pushesSent().length >= SUBSCRIBERS / 3 || null, 120_000, 20)
    await worker.kill()
    const atKill = pushesSent().length
    expect(atKill).toBeLessThan(SUBSCRIBERS)

    worker = await startWorkerRole(first, env)
    // BullMQ hands the killed process's job to the new one once its lock has expired (about 30 s).
    await eventually(async () => {
      const left = await first.desk.db.jobPush.count({ where: { postingId: posting.id, status: 'planned' } })
      const p = await first.desk.db.jobPosting.findUniqueOrThrow({ where: { id: posting.id } })
      // The new process's last chunk is recorded too: no push job is left running or waiting.
      const jobs = await first.desk.queues.postings.getJobCounts('active', 'waiting', 'delayed', 'prioritized')
      return p.fanoutDoneAt && left === 0 && Object.values(jobs).every((n) => n === 0) ? true : null
    }, 150_000, 200)

    const perWorker = new Map<string, number>()
    for (const m of pushesSent() as { toOpenId: string }[]) perWorker.set(m.toOpenId, (perWorker.get(m.toOpenId) ?? 0) + 1)
    expect([...perWorker.values()].filter((n) => n > 1), 'nobody gets it twice').toEqual([])
    const inLimbo = await first.desk.db.jobPush.count({ where: { postingId: posting.id, status: 'sending' } })
    // Only what the killed process had claimed and not recorded: one chunk per job it ran at once.
    expect(inLimbo).toBeLessThanOrEqual(PUSH_CHUNK * 2)
    expect(perWorker.size + inLimbo).toBeGreaterThanOrEqual(SUBSCRIBERS - 0)
    expect(await first.desk.db.jobPush.count({ where: { postingId: posting.id } })).toBe(SUBSCRIBERS)

    // The reconciler settles the orphaned claims as unknown, and the figures add up.
    const later = { ...first.desk, now: () => new Date(Date.now() + 10 * 60_000) } as WorkerDesk
    expect(await settleStalePushes(later)).toBe(inLimbo)
    const stats = await pushStats(first.desk.db, posting.id)
    expect(stats.matched).toBe(SUBSCRIBERS)
    expect(stats.sent + stats.failed).toBe(SUBSCRIBERS)
    expect(stats.sent).toBe((await first.desk.db.jobPush.count({ where: { postingId: posting.id, status: 'sent' } })))
  }, 300_000)
})
