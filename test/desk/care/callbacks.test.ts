import { afterAll, describe, expect, it } from 'vitest'
import { planCallbacks } from '../../../src/desk/care/index.ts'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { halfYearStart, quarterKey, quarterStart } from '../../../src/lib/time/index.ts'
import { jobIds } from '../../../src/queue/jobs.ts'
import type { EmbeddedRedis } from '../../../src/redis/embedded.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { admin, eventually, json, startTestDesk, type TestDesk } from '../../support/desk.ts'
import { watchJobs } from '../../support/jobs.ts'
import { startTestRedis } from '../../support/redis.ts'
import { startWorkerRole } from '../../support/role-process.ts'

const { units, cadres } = demoUnion

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})
async function redisForFile(): Promise<EmbeddedRedis> {
  const redis = await startTestRedis()
  cleanup.push(() => redis.stop())
  return redis
}
async function desk(redis: EmbeddedRedis, opts: { env?: Record<string, string>; dataDir?: string } = {}) {
  const t = await startTestDesk({ redisUrl: redis.url, ...opts })
  cleanup.push(opts.dataDir ? () => t.stop() : () => t.close())
  return t
}
/** A second worker process on the first desk's database and Redis: the real worker role. */
async function startWorkerProcess(first: TestDesk, env: Record<string, string>) {
  const worker = await startWorkerRole(first, env)
  cleanup.push(worker.stop)
  return worker
}
/** The demo archive's four households; in a quarter that opens a half year, the two general ones get a home visit too. */
const tasksPerQuarter = (at: Date) => (quarterStart(at).getTime() === halfYearStart(at).getTime() ? 6 : 4)

describe('the quarterly callback planner (按季回访)', () => {
  it('creates each callback exactly once with two worker processes and the scheduler racing', async () => {
    const redis = await redisForFile()
    const first = await desk(redis)
    // The second process makes the scheduler fire every second; either process's workers may take each run.
    const second = await startWorkerProcess(first, { CALLBACK_PLAN_CRON: '* * * * * *' })
    const direct = await Promise.all([planCallbacks(first.desk), planCallbacks(first.desk), planCallbacks(first.desk)])
    // The scheduler runs on its own too, in either process: wait for two of its runs, then stop it and let the last one finish.
    const schedules = first.desk.queues.schedules
    const runs = async () => (await schedules.getCompleted()).filter((j) => j.name === 'plan-callbacks')
    await eventually(async () => (await runs()).length >= 2)
    await schedules.removeJobScheduler('plan-callbacks')
    await eventually(async () => (await schedules.getJobs(['active', 'wait', 'prioritized', 'delayed'])).every((j) => j.name !== 'plan-callbacks'))

    const now = new Date()
    const expected = tasksPerQuarter(now)
    const tasks = await first.desk.db.callbackTask.findMany({ orderBy: { dedupeKey: 'asc' } })
    expect(tasks).toHaveLength(expected)
    // Each task was created by exactly one of all those runs, and counted by it.
    const created = [...direct, ...(await runs()).map((j) => j.returnvalue as { created: number })].reduce((n, r) => n + r.created, 0)
    expect(created).toBe(expected)
    const records = await first.desk.db.hardshipRecord.findMany()
    const quarterly = tasks.filter((t) => t.kind === 'quarterly')
    expect(quarterly.map((t) => t.dedupeKey).sort()).toEqual(records.map((r) => `quarterly-${r.id}-${quarterKey(now)}`).sort())
    // Due 30 days into the quarter, with the unit's hardship cadre, or a leader for severe and special cases.
    for (const task of quarterly) expect(task.dueAt.getTime()).toBe(quarterStart(now).getTime() + 30 * 86_400_000)
    const names = await Promise.all(
      quarterly.map(async (t) => {
        const record = records.find((r) => r.id === t.hardshipId)!
        return `${record.level}:${(await first.desk.db.cadre.findUniqueOrThrow({ where: { id: t.assigneeId! } })).name}`
      }),
    )
    expect(names.sort()).toEqual([`general:${cadres.nanshanCare}`, `general:${cadres.baoanLeader}`, `severe:${cadres.yuehaiLeader}`, `special:${cadres.huaxingLeader}`].sort())
    await second.stop()
    expect(await first.desk.db.callbackTask.count()).toBe(expected)
  })

  it('a crash loop leaves one scheduler per id', async () => {
    const redis = await redisForFile()
    const env = { QUEUE_PREFIX: 'loop' }
    const first = await startTestDesk({ redisUrl: redis.url, env })
    cleanup.push(() => first.close())
    await first.stop()
    for (let i = 0; i < 4; i++) await (await startTestDesk({ redisUrl: redis.url, env, dataDir: first.dataDir, databaseUrl: first.databaseUrl })).stop()
    const last = await startTestDesk({ redisUrl: redis.url, env, dataDir: first.dataDir, databaseUrl: first.databaseUrl })
    cleanup.push(() => last.stop())
    const schedulers = await last.desk.queues.schedules.getJobSchedulers()
    expect(schedulers.map((s) => s.key).sort()).toEqual(['plan-callbacks', 'reconcile-timers'])
    expect(schedulers.find((s) => s.key === 'plan-callbacks')).toMatchObject({ pattern: '0 0 1 1,4,7,10 *', tz: 'Asia/Shanghai' })
    // One next run per scheduler waits in Redis, not one per start.
    const delayed = await last.desk.queues.schedules.getDelayed()
    expect(delayed.map((j) => j.name).sort()).toEqual(['plan-callbacks', 'reconcile-timers'])
  })
})

describe('callbacks reach the assignee, then the leader', () => {
  it('reminds the assignee when due and tells the unit’s leader when overdue, unless the worker already rated', async () => {
    const redis = await redisForFile()
    // Two seconds before the satisfaction callback is due: time enough, even on a busy machine, for one worker to rate first.
    const t = await desk(redis, { env: { SATISFACTION_CALLBACK_DELAY_SECONDS: '2', CALLBACK_ESCALATE_AFTER_SECONDS: '1' } })
    const open = async (user: string, text: string) => {
      const r = await acceptMessage(t.desk, { channel: 'web', externalUserId: user, externalMessageId: `${user}-1`, text, receivedAt: new Date() })
      return t.desk.db.ticket.findUniqueOrThrow({ where: { number: r.ticketNumber! } })
    }
    const silent = await open('cb-silent', '公司拖欠工资，想请工会帮忙')
    const rater = await open('cb-rater', '老板拖欠了我两个月工资')
    for (const ticket of [silent, rater]) {
      const res = await t.app.request(`/api/tickets/${ticket.number}/close`, json({ summary: '企业已补发工资' }, admin))
      expect(res.status).toBe(200)
    }
    const rated = await acceptMessage(t.desk, { channel: 'web', externalUserId: 'cb-rater', externalMessageId: 'cb-rater-2', text: '满意', receivedAt: new Date() })
    expect(rated).toMatchObject({ outcome: 'answered', ticketNumber: rater.number })

    const jobs = watchJobs(() => t)
    cleanup.push(() => jobs.close())
    const alarms = async (ticketId: string) => {
      const task = await t.desk.db.callbackTask.findFirstOrThrow({ where: { ticketId } })
      return { task, due: jobIds.callback(task.id, 0, 'due'), overdue: jobIds.callback(task.id, 0, 'overdue') }
    }
    // In real time: both alarms of the silent worker's satisfaction callback fire and tell someone.
    const { task, ...silentAlarms } = await alarms(silent.id)
    expect(await jobs.outcome('callbacks', silentAlarms.due)).toBe('reminded')
    expect(await jobs.outcome('callbacks', silentAlarms.overdue)).toBe('escalated')
    const notices = (ticketId: string) => t.desk.db.cadreNotice.findMany({ where: { ticketId, kind: { startsWith: 'callback.' } }, orderBy: { createdAt: 'asc' } })
    const steps = await notices(silent.id)
    expect(steps.map((n) => n.kind)).toEqual(['callback.due', 'callback.overdue'])
    expect(steps[0]!.cadreId).toBe(silent.assigneeId)
    expect(steps[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(task.dueAt.getTime())
    expect((await t.desk.db.cadre.findUniqueOrThrow({ where: { id: steps[1]!.cadreId } })).name).toBe(cadres.nanshanLeader)
    expect(steps[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(task.dueAt.getTime() + 1000)
    // The console reads the same from the cadre's inbox.
    const inbox = await t.app.request(`/api/cadres/${silent.assigneeId}/notices?unread=true`, { headers: admin })
    const { notices: unread } = (await inbox.json()) as { notices: { kind: string; callbackTaskId: string | null }[] }
    expect(unread).toContainEqual(expect.objectContaining({ kind: 'callback.due', callbackTaskId: task.id }))
    expect((await t.app.request('/api/cadres/nobody/notices', { headers: admin })).status).toBe(404)

    // The worker who answered by message is not called: their alarms fired too, found the callback done and stood down.
    const raterAlarms = await alarms(rater.id)
    expect(await jobs.outcome('callbacks', raterAlarms.due)).toBe('not-due')
    expect(await jobs.outcome('callbacks', raterAlarms.overdue)).toBe('not-due')
    expect(await notices(rater.id)).toHaveLength(0)
    expect(await t.desk.db.callbackTask.findFirstOrThrow({ where: { ticketId: rater.id } })).toMatchObject({ status: 'done', outcome: 'reached' })
  })

  it('records outcomes: not reached is tried again later, needs help opens a linked ticket, a finished task refuses more', async () => {
    const redis = await redisForFile()
    const t = await desk(redis, { env: { CALLBACK_RETRY_SECONDS: '3600' } })
    // Next quarter's plan, so the first attempt's alarms are pending.
    const at = new Date(quarterStart(new Date()).getTime() + 100 * 86_400_000)
    await planCallbacks(t.desk, at)
    const record = await t.desk.db.hardshipRecord.findFirstOrThrow({ where: { level: 'special' } })
    // The cadre finds the call to make in the unit's list, soonest first.
    const list = await t.app.request(`/api/callbacks?unit=${units.huaxing.code}&kind=quarterly`, { headers: admin })
    expect(list.status).toBe(200)
    const listed = ((await list.json()) as { callbacks: { id: string; hardshipId?: string; kind: string; dueAt: string }[] }).callbacks
    expect(listed.every((c) => c.kind === 'quarterly')).toBe(true)
    const task = await t.desk.db.callbackTask.findFirstOrThrow({ where: { hardshipId: record.id, kind: 'quarterly' } })
    expect(listed.map((c) => c.id)).toContain(task.id)
    expect((await t.app.request('/api/callbacks')).status).toBe(401)
    expect(await (await t.desk.queues.callbacks.getJob(`cb-${task.id}-0-due`))?.getState()).toBe('delayed')

    const outcome = (body: object) => t.app.request(`/api/callbacks/${task.id}/outcome`, json(body, admin))
    const before = Date.now()
    const missed = await outcome({ outcome: 'not_reached', note: '电话无人接听' })
    expect(missed.status).toBe(200)
    const retry = await t.desk.db.callbackTask.findUniqueOrThrow({ where: { id: task.id } })
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, outcome: 'not_reached' })
    expect(retry.dueAt.getTime()).toBeGreaterThanOrEqual(before + 3600_000)
    expect(await t.desk.queues.callbacks.getJob(`cb-${task.id}-0-due`)).toBeUndefined()
    const next = await t.desk.queues.callbacks.getJob(`cb-${task.id}-1-due`)
    expect(next!.timestamp + next!.delay).toBe(retry.dueAt.getTime())

    const help = await outcome({ outcome: 'needs_help', note: '孩子下学期学费还差两千元', category: 'hardship' })
    expect(help.status).toBe(200)
    const { linkedTicketNumber } = (await help.json()) as { linkedTicketNumber: string }
    const linked = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: linkedTicketNumber }, include: { assignee: true, events: true } })
    expect(linked).toMatchObject({ workerId: record.workerId, unitId: record.unitId, category: 'hardship', tier: 'leader', severity: 'severe' })
    expect(linked.assignee?.name).toBe(cadres.huaxingLeader) // special hardship: the enterprise union's leader, one-on-one
    expect(linked.events.map((e) => e.type)).toEqual(['ticket.opened', 'ticket.routed'])
    expect(await (await t.desk.queues.sla.getJob(`sla-${linked.id}-first-response-50`))?.getState()).toBe('delayed')
    expect(await t.desk.db.callbackTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'done', outcome: 'needs_help', linkedTicketId: linked.id })
    expect(await t.desk.queues.callbacks.getJob(`cb-${task.id}-1-due`)).toBeUndefined()
    // The worker hears that their new request is registered.
    const notice = await t.desk.db.message.findFirstOrThrow({ where: { ticketId: linked.id, direction: 'out' } })
    expect(notice.text).toContain(linkedTicketNumber)

    const again = await outcome({ outcome: 'reached' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('callback_closed')
    expect((await outcome({ outcome: 'maybe' })).status).toBe(400)
    expect((await t.app.request('/api/callbacks/nope/outcome', json({ outcome: 'reached' }, admin))).status).toBe(404)
  })
})

describe('the satisfaction question', () => {
  it('stores the worker’s answer, in either script, once, thanks them, and tells a leader when they are unhappy', async () => {
    const redis = await redisForFile()
    const t = await desk(redis)
    const say = (user: string, id: string, text: string) =>
      acceptMessage(t.desk, { channel: 'web', externalUserId: user, externalMessageId: id, text, receivedAt: new Date() })
    const opened = await say('sat-a', 'sat-a-1', '公司欠我工資三個月了')
    const res = await t.app.request(`/api/tickets/${opened.ticketNumber}/close`, json({ summary: '企业已补发' }, admin))
    expect(res.status).toBe(200)
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: opened.ticketNumber! } })
    const sent = await t.desk.db.delivery.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } })
    // Both are written at the same instant: which row sorts first is the database's choice.
    expect(sent.map((d) => d.purpose).sort()).toEqual(['satisfaction', 'step_notice'])
    const question = await t.desk.db.message.findUniqueOrThrow({ where: { id: sent.find((d) => d.purpose === 'satisfaction')!.messageId! } })
    expect(question.text).toMatch(/滿意/) // asked in the Traditional script the worker wrote in

    const answer = await say('sat-a', 'sat-a-2', '基本滿意！')
    expect(answer).toMatchObject({ outcome: 'answered', ticketNumber: ticket.number, duplicate: false })
    expect(answer.reply).toContain('基本滿意')
    const again = await say('sat-a', 'sat-a-2', '基本滿意！') // the channel delivered it twice
    expect(again).toMatchObject({ duplicate: true, reply: answer.reply })
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })
    expect(after.satisfaction).toBe('basically_satisfied')
    expect(await t.desk.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'satisfaction.answered' } })).toBe(1)
    expect(await t.desk.db.ticket.count({ where: { workerId: ticket.workerId } })).toBe(1) // nothing new was opened

    // A later bare rating has no question pending: it changes nothing, and opens nothing.
    const later = await say('sat-a', 'sat-a-3', '满意')
    expect(later.outcome).toBe('answered')
    expect(await t.desk.db.ticket.count({ where: { workerId: ticket.workerId } })).toBe(1)

    const other = await say('sat-b', 'sat-b-1', '单位拖欠工资不给')
    await t.app.request(`/api/tickets/${other.ticketNumber}/close`, json({}, admin))
    const unhappy = await say('sat-b', 'sat-b-2', '3')
    expect(unhappy.reply).toContain('对不起')
    const otherTicket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: other.ticketNumber! } })
    expect(otherTicket.satisfaction).toBe('unsatisfied')
    const notice = await t.desk.db.cadreNotice.findFirstOrThrow({ where: { ticketId: otherTicket.id, kind: 'satisfaction.unsatisfied' } })
    expect((await t.desk.db.cadre.findUniqueOrThrow({ where: { id: notice.cadreId } })).name).toBe(cadres.nanshanLeader)
  })
})
