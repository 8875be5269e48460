/**
 * The desk scaled out on PostgreSQL: web and worker processes (`src/main.ts web|worker`)
 * on one database and one Redis, under WeChat-shaped load, against a fake WeChat API
 * that speaks the real protocol.
 *
 * 1. Throughput with 1, 2 and 3 web processes (2 workers), closed loop, beside the bare
 *    Hono ceiling measured in the same run.
 * 2. Fault test: 3 web and 2 worker processes, an open-loop stream of messages (each from
 *    a new worker, so each opens a ticket) and cadre replies; one web and one worker
 *    process are killed with SIGKILL mid-run and started again. The client behaves like
 *    WeChat: no answer in 5 s, a refused connection or a non-200 is retried (same MsgId,
 *    up to three more times) to another process, as a load balancer would send it. Then:
 *    every acknowledged message is stored and has its ticket, no ticket or delivery is
 *    duplicated, and every SLA reminder that fell due fired once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createPrisma, type Db } from '../../src/db/client.ts'
import { migrateDatabase } from '../../src/db/migrate.ts'
import { seedDemo } from '../../src/db/seed-demo.ts'
import { createQueues, producerConnection } from '../../src/queue/queues.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../../test/fakes/wechat-api-server.ts'
import { killRole, startRole, stopRole, type Role } from './role-processes.ts'
import { createBenchDatabase } from './postgres.ts'
import { BENCH_OA, SHEDDING_OFF } from './server.ts'
import { request, ticketIn, wechatMessage, wireAgent, type Wire } from './wechat-wire.ts'

const ADMIN_TOKEN = 'bench-admin-token-0000000000'
const APP_SECRET = 'bench-app-secret-0123456789abcdef'

type Cluster = { webs: Role[]; workers: Role[]; env: Record<string, string> }
const live = (c: Cluster) => c.webs.filter((w) => w.alive && w.url)

/**
 * WeChat's behaviour: a message is sent until some process answers 200, at most four times,
 * 5 s apart at most; each try goes to the next live web process (a load balancer's choice).
 */
async function deliverLikeWeChat(c: Cluster, m: Wire, start: number): Promise<{ acked: boolean; tries: number; reply?: string; ms: number }> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const webs = live(c)
    const web = webs[(start + attempt) % Math.max(1, webs.length)]
    if (!web) {
      await new Promise((r) => setTimeout(r, 1000))
      continue
    }
    const sent = performance.now()
    try {
      const res = await request(web.url!, { method: 'POST', path: m.path, body: m.body, headers: { 'content-type': 'text/xml' }, timeoutMs: 5000 })
      if (res.status === 200) return { acked: true, tries: attempt + 1, reply: res.text, ms: performance.now() - sent }
    } catch {
      /* refused, reset or timed out: WeChat tries again */
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  return { acked: false, tries: 4, ms: 0 }
}

async function closedLoop(c: Cluster, count: number, concurrency: number, run: string) {
  const pool = Array.from({ length: count }, () => wechatMessage(run))
  let next = 0
  let errors = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = next++; i < pool.length; i = next++) {
        const webs = live(c)
        try {
          const res = await request(webs[(i + lane) % webs.length]!.url!, { method: 'POST', path: pool[i]!.path, body: pool[i]!.body, headers: { 'content-type': 'text/xml' }, timeoutMs: 10_000 })
          if (res.status !== 200 || res.text === 'success') errors++
        } catch {
          errors++
        }
      }
    }),
  )
  return { perSecond: count / ((performance.now() - started) / 1000), errors }
}

async function bareCeiling(): Promise<number> {
  const { spawn } = await import('node:child_process')
  const { createInterface } = await import('node:readline')
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/server.ts', 'bare'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).on('line', (l) => l.startsWith('{') && resolve((JSON.parse(l) as { url: string }).url)))
  const fake: Cluster = { webs: [{ role: 'web', url, proc, alive: true }], workers: [], env: {} }
  await closedLoop(fake, 2000, 32, 'warm')
  const { perSecond } = await closedLoop(fake, 20_000, 32, 'bare')
  proc.kill('SIGTERM')
  return perSecond
}

const SCALE_NOTE =
  'Reading the figures. Everything here shares two cores: the web processes, two worker processes (busy with the SLA timers of every new ticket), PostgreSQL, Redis and the load client. A message costs the desk about 28 SQL statements in two transactions (counted on SQLite; the same code runs here, the outbox marks batched across messages), plain SQL prepared once (src/db/prepared.ts) on the ORM\'s own pool, each a round trip to a PostgreSQL server that needs the same two cores, so a web process is bound by CPU it shares, and a second or third process mostly takes CPU from the others and from PostgreSQL: the figure moves with scheduling noise as much as with the number of processes. On a machine with a core per process the web side would scale until PostgreSQL or the workers are the limit. The day\'s ticket counter and the assignee\'s row are written last in the opening transaction, so concurrent openings do not queue on them for the whole transaction.'
const FAULT_NOTE =
  'What the rules say happened. A web process killed mid-request leaves its message stored with its safety-net outbox row: WeChat\'s retry reaches another process, which waits for the first copy, then takes the message itself (one claim wins), or the relay hands it to the intake queue. A worker killed mid-send leaves a delivery `sending`; after two minutes it is sent again and flagged `delivery.possible_duplicate` on the timeline (a cadre\'s answer must not vanish; the worker may see it twice). Timers are idempotent by key: a reminder job run twice records once. The drain time is the worker side catching up with the first-response timers of 900 tickets due within 40 s: the workers, not the web processes, are the bottleneck of this load.'

export async function benchScaleOut(opts: { redisUrl: string; postgresUrl?: string; seconds?: number; rate?: number }) {
  const server = opts.postgresUrl ?? process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
  const seconds = opts.seconds ?? 45
  const rate = opts.rate ?? 20
  const run = Date.now().toString(36)
  const database = await createBenchDatabase(server, 'nj_bench')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-scale-'))
  const wechat: FakeWeChatApi = await startFakeWeChatApi({ appId: BENCH_OA.WECHAT_OA_APP_ID, appSecret: APP_SECRET })
  const db: Db = createPrisma(database.url)
  const cluster: Cluster = {
    webs: [], workers: [],
    env: {
      DATABASE_URL: database.url, REDIS_URL: opts.redisUrl, QUEUE_PREFIX: `b${run}`, DATA_DIR: dataDir, ADMIN_TOKEN, DATA_ENCRYPTION_KEY: 'b'.repeat(64),
      ...BENCH_OA, WECHAT_OA_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wechat.baseUrl, DATABASE_POOL_SIZE: '8',
      RATE_LIMIT_WEB_INTAKE: '1000000/60', RATE_LIMIT_WEB_TICKET: '1000000/60', RATE_LIMIT_STATUS: '1000000/60', RATE_LIMIT_WECHAT_OPENID: '1000000/60',
      OUTBOX_RELAY_INTERVAL_MS: '1000', OUTBOX_RELAY_GRACE_MS: '2000',
    },
  }
  const figures: Record<string, number> = {}
  try {
    await migrateDatabase(database.url)
    await seedDemo(db)
    cluster.workers.push(await startRole('worker', cluster.env), await startRole('worker', cluster.env))

    // 1. Throughput by number of web processes: the whole path (stored, processed, answered in
    // the reply), so these web processes never shed; one that sheds would count its `success`
    // answers as done and leave the work to the intake queue, during the fault test below.
    figures.bare_per_s = await bareCeiling()
    for (const n of [1, 2, 3]) {
      while (cluster.webs.length < n) cluster.webs.push(await startRole('web', { ...cluster.env, ...SHEDDING_OFF }))
      await closedLoop(cluster, 300, 32, `${run}w${n}`)
      const r = await closedLoop(cluster, 1500, 32, `${run}m${n}`)
      figures[`web${n}_per_s`] = r.perSecond
      figures[`web${n}_errors`] = r.errors
    }
    // The fault test runs the web processes as they ship.
    await Promise.all(cluster.webs.map(stopRole))
    cluster.webs = await Promise.all([1, 2, 3].map(() => startRole('web', cluster.env)))

    // 2. The fault test, with SLA clocks short enough that reminders fall due during the run.
    await db.slaPolicy.updateMany({ data: { firstResponseSeconds: 20, clockMode: 'calendar' } })
    const faultStart = new Date()
    const acked = new Map<string, string | undefined>()
    const notAcked: string[] = []
    const replies: { number: string; text: string; ok: boolean }[] = []
    let retried = 0
    const sends: Promise<void>[] = []
    const began = performance.now()
    const total = rate * seconds
    const killAt = Math.round(total / 3)
    let restart: Promise<void> | undefined
    for (let i = 0; i < total; i++) {
      const due = began + (i * 1000) / rate
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.ceil(wait)))
      if (i === killAt) {
        await Promise.all([killRole(cluster.webs[0]!), killRole(cluster.workers[0]!)])
        restart = (async () => {
          await new Promise((r) => setTimeout(r, 5000))
          cluster.webs[0] = await startRole('web', cluster.env)
          cluster.workers[0] = await startRole('worker', cluster.env)
        })()
      }
      const m = wechatMessage(run)
      sends.push(
        deliverLikeWeChat(cluster, m, i).then(async (r) => {
          if (r.tries > 1) retried++
          if (!r.acked) return void notAcked.push(m.msgId)
          const number = r.reply ? ticketIn(r.reply) : undefined
          acked.set(m.msgId, number)
          // A cadre answers every fifth ticket: a delivery through the outbound queue.
          if (number && i % 5 === 0) {
            const text = `您好，${number}已收到，我们明天上午联系您。`
            const web = live(cluster)[i % live(cluster).length]!
            const res = await request(web.url!, {
              method: 'POST', path: `/api/tickets/${number}/replies`, body: JSON.stringify({ text }),
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, timeoutMs: 10_000,
            }).catch(() => ({ status: 0, text: '' }))
            replies.push({ number, text, ok: res.status === 201 })
          }
        }),
      )
    }
    await Promise.all(sends)
    await restart
    const loadEnded = Date.now()

    // Quiet: every first-response clock of the run has run out (20 s, its escalations 40 s), the
    // outbox is drained, deliveries are sent and no job is waiting or running.
    const redis = producerConnection(opts.redisUrl)
    const queues = createQueues(redis, cluster.env.QUEUE_PREFIX!)
    const deadline = Date.now() + 240_000
    for (;;) {
      const [outbox, pending, ...counts] = await Promise.all([
        db.outboxJob.count({ where: { enqueuedAt: null } }),
        db.delivery.count({ where: { status: { in: ['pending', 'sending'] } } }),
        ...(['sla', 'intake', 'outbound'] as const).map((q) => queues[q].getJobCounts('waiting', 'active', 'prioritized')),
      ])
      const busy = counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0)
      if ((outbox === 0 && pending === 0 && busy === 0 && Date.now() > loadEnded + 45_000) || Date.now() > deadline) break
      await new Promise((r) => setTimeout(r, 1000))
    }
    figures.fault_drain_s = (Date.now() - loadEnded) / 1000
    await queues.close()
    redis.disconnect()

    const ids = [...acked.keys()]
    const stored = await db.message.findMany({ where: { channel: 'wechat_oa', externalId: { in: ids } }, select: { externalId: true, ticketId: true } })
    const storedIds = new Set(stored.map((s) => s.externalId))
    figures.fault_sent = total
    figures.fault_acked = acked.size
    figures.fault_not_acked = notAcked.length
    figures.fault_retried = retried
    figures.fault_lost = ids.filter((id) => !storedIds.has(id)).length
    figures.fault_without_ticket = stored.filter((s) => !s.ticketId).length
    const perWorker = await db.ticket.groupBy({ by: ['workerId'], where: { createdAt: { gte: faultStart } }, _count: true })
    figures.fault_tickets = perWorker.reduce((n, w) => n + w._count, 0)
    figures.fault_tickets_duplicated = perWorker.filter((w) => w._count > 1).length
    const replyDeliveries = await db.delivery.groupBy({ by: ['messageId'], where: { createdAt: { gte: faultStart }, purpose: 'cadre_reply' }, _count: true })
    figures.fault_replies = replies.filter((r) => r.ok).length
    figures.fault_deliveries_duplicated = replyDeliveries.filter((d) => d._count > 1).length
    const sentTexts = new Map<string, number>()
    for (const m of wechat.sent) if (m.kind === 'custom') sentTexts.set(m.content, (sentTexts.get(m.content) ?? 0) + 1)
    figures.fault_replies_sent = replies.filter((r) => r.ok && (sentTexts.get(r.text) ?? 0) >= 1).length
    figures.fault_replies_sent_twice = replies.filter((r) => (sentTexts.get(r.text) ?? 0) > 1).length
    figures.fault_possible_duplicates_flagged = await db.ticketEvent.count({ where: { type: 'delivery.possible_duplicate', createdAt: { gte: faultStart } } })
    // Every SLA timer of the run that fell due (a cadre's answer stops its clock: those end 'not-due').
    const due = await db.outboxJob.findMany({ where: { queue: 'sla', createdAt: { gte: faultStart }, runAt: { lte: new Date(Date.now() - 5000) } }, select: { jobId: true } })
    const answered = new Set((await db.ticket.findMany({ where: { createdAt: { gte: faultStart }, firstRespondedAt: { not: null } }, select: { id: true } })).map((t) => t.id))
    const expected = due.filter((j) => j.jobId.includes('first-response') && ![...answered].some((id) => j.jobId.startsWith(`sla-${id}-`)))
    const fired = await db.ticketEvent.findMany({ where: { dedupeKey: { in: expected.map((j) => j.jobId) } }, select: { dedupeKey: true } })
    figures.fault_reminders_due = expected.length
    figures.fault_reminders_fired = new Set(fired.map((f) => f.dedupeKey)).size
    figures.fault_reminders_missed = expected.length - figures.fault_reminders_fired
    figures.fault_reminder_notices_duplicated = (await db.cadreNotice.groupBy({ by: ['dedupeKey'], where: { createdAt: { gte: faultStart } }, _count: true })).filter((g) => g._count > 1).length
  } finally {
    await Promise.all([...cluster.webs, ...cluster.workers].map(stopRole))
    await db.$disconnect()
    await wechat.close()
    wireAgent.destroy()
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const f = (n: number | undefined, d = 0) => (n ?? 0).toFixed(d)
  const markdown = [
    `PostgreSQL ${'(' + server.replace(/\/\/[^@]*@/, '//') + ')'}, one Redis, \`src/main.ts web|worker\` processes, the fake WeChat API. Safe-mode text messages, each from a new worker (each opens, classifies and routes a ticket and stages its SLA timers).`,
    '',
    '### Throughput by web processes (2 worker processes running)',
    '',
    'Closed loop, 32 in flight, 1,500 messages per measurement, spread over the web processes, which never shed here (the whole path is measured; the fault test runs them as they ship).',
    '',
    '| | messages/s | ratio to ceiling |',
    '|---|---:|---:|',
    `| bare Hono endpoint (ceiling, one process) | ${f(figures.bare_per_s)} | 100 % |`,
    ...[1, 2, 3].map((n) => `| ${n} web process${n > 1 ? 'es' : ''} | ${f(figures[`web${n}_per_s`])} | ${f((figures[`web${n}_per_s`]! / figures.bare_per_s!) * 100, 1)} % |`),
    '',
    `Errors or late answers: ${f((figures.web1_errors ?? 0) + (figures.web2_errors ?? 0) + (figures.web3_errors ?? 0))}.`,
    '',
    SCALE_NOTE,
    '',
    '### Fault test: kill -9 of one web and one worker process mid-run',
    '',
    `3 web and 2 worker processes; ${f(figures.fault_sent)} messages at ${rate}/s for ${seconds} s (open loop), a cadre reply to every fifth ticket; at a third of the run one web and one worker process get SIGKILL and are started again 5 s later. SLA first response 20 s (calendar), so reminders and escalations fall due during the run. The client retries like WeChat (5 s without an answer, refused or non-200: the same message again, to the next process).`,
    '',
    '| | |',
    '|---|---:|',
    `| messages acknowledged (200) / not acknowledged | ${f(figures.fault_acked)} / ${f(figures.fault_not_acked)} |`,
    `| messages that needed a retry | ${f(figures.fault_retried)} |`,
    `| acknowledged messages lost | **${f(figures.fault_lost)}** |`,
    `| stored messages without their ticket | **${f(figures.fault_without_ticket)}** |`,
    `| tickets opened / workers with a duplicated ticket | ${f(figures.fault_tickets)} / **${f(figures.fault_tickets_duplicated)}** |`,
    `| cadre replies accepted / sent to WeChat / sent twice | ${f(figures.fault_replies)} / ${f(figures.fault_replies_sent)} / **${f(figures.fault_replies_sent_twice)}** |`,
    `| reply deliveries duplicated | **${f(figures.fault_deliveries_duplicated)}** |`,
    `| possible duplicates flagged on the timeline (a send cut by the kill) | ${f(figures.fault_possible_duplicates_flagged)} |`,
    `| first-response timers due / fired once / missed | ${f(figures.fault_reminders_due)} / ${f(figures.fault_reminders_fired)} / **${f(figures.fault_reminders_missed)}** |`,
    `| cadre notices duplicated | **${f(figures.fault_reminder_notices_duplicated)}** |`,
    `| time from the end of the load until every queue was idle | ${f(figures.fault_drain_s)} s |`,
    '',
    FAULT_NOTE,
  ].join('\n')
  return { title: 'Scale-out on PostgreSQL: throughput by process and a kill -9 fault test', markdown, figures }
}
