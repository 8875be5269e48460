/**
 * Job postings: one posting published to 100,000 matching subscribers on the WeChat Official
 * Account (BENCH_JOB_SUBSCRIBERS changes the size), pushed by one worker role process
 * (`src/main.ts worker`, a child process) against the fake WeChat API, which speaks the real
 * protocol and records every message it would have delivered.
 *
 * This process holds the web role (it publishes, and reads the results afterwards) and the
 * fake API; during the push it does not touch the database (on SQLite its connection waits
 * synchronously on a lock, which would stall the fake API's event loop too), only Redis.
 *
 * Measured: publish → fan-out planned (posting.fanoutDoneAt); pushes received per second
 * (first to last receipt) and publish → last receipt; the fake API's own ceiling in the same
 * run (autocannon in a worker thread, POSTing the same custom-send body on as many keep-alive
 * connections as the push can have in flight); Redis used_memory every 200 ms; duplicates and
 * subscribers never reached, from what the fake API received; pushStats and the raw JobPush
 * statuses at the end. On SQLite, then on PostgreSQL (a database of its own, dropped after)
 * when the server answers; and a small run at the default pace of 100 pushes a second.
 *
 * Alone: `npx tsx scripts/bench/job-push.ts` prints the markdown (it starts its own Redis).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import autocannon from 'autocannon'
import { Redis } from 'ioredis'
import pg from 'pg'
import { createBenchDatabase } from './postgres.ts'
import { loadConfig } from '../../src/config.ts'
import { migrateDatabase } from '../../src/db/migrate.ts'
import { createPosting, publishPosting, pushStats, PUSH_CHUNK, type PushStats } from '../../src/desk/postings/index.ts'
import { createLogger } from '../../src/log.ts'
import { startDesk, type RunningDesk } from '../../src/node/start.ts'
import { startEmbeddedRedis } from '../../src/redis/embedded.ts'
import { jobsCadre, postingFields } from '../../test/desk/postings/support.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../../test/fakes/wechat-api-server.ts'
import { startRole, stopRole, type Role } from './role-processes.ts'
import { BENCH_OA } from './server.ts'

type Section = { title: string; markdown: string; figures: Record<string, number> }

const APP_SECRET = 'bench-app-secret-0123456789abcdef'
const ADMIN_TOKEN = 'bench-admin-token-0000000000'
const MARK = '工会岗位推荐'
/** The postings worker's concurrency (workers/postings.ts) × PUSH_CHUNK: the most sends the push has in flight, so the most keep-alive connections it opens. */
const IN_FLIGHT = 2 * PUSH_CHUNK

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1])
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** CPU seconds a process has used (user + system), from /proc; NaN where there is none. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return Number.NaN
  }
}
const openIdOf = (i: number) => `oBench${String(i).padStart(7, '0')}`.padEnd(28, 'x')

type Database = { kind: 'sqlite' | 'postgresql'; url: string; dataDir: string; drop(): Promise<void> }

async function sqliteDatabase(): Promise<Database> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-jobs-'))
  return { kind: 'sqlite', url: `file:${path.join(dataDir, 'niangjia.db')}`, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
}

async function postgresDatabase(server: string): Promise<Database> {
  const db = await createBenchDatabase(server, 'bench_jobs')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-jobs-'))
  return {
    kind: 'postgresql', url: db.url, dataDir,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true })
      await db.drop()
    },
  }
}

async function postgresAnswers(server: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** n workers on WeChat who wrote just now (the 48-hour window open), each subscribed to 叉车司机 anywhere. In bulk: the push is measured, not subscribing. */
async function seedSubscribers(d: RunningDesk, n: number) {
  const db = d.desk.db
  const now = new Date()
  const CHUNK = 1000
  for (let start = 0; start < n; start += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, n - start) }, (_, k) => start + k)
    const id = (i: number) => String(i).padStart(7, '0')
    await db.worker.createMany({ data: ids.map((i) => ({ id: `wk${id(i)}`, createdAt: now, updatedAt: now })) })
    await db.channelIdentity.createMany({ data: ids.map((i) => ({ id: `ci${id(i)}`, channel: 'wechat_oa', externalId: openIdOf(i), workerId: `wk${id(i)}`, lastInboundAt: now })) })
    await db.jobSubscription.createMany({ data: ids.map((i) => ({ id: `js${id(i)}`, workerId: `wk${id(i)}`, channel: 'wechat_oa', keywords: '叉车', createdAt: now })) })
    await db.jobSubscriptionTerm.createMany({ data: ids.map((i) => ({ subscriptionId: `js${id(i)}`, term: '叉车司机' })) })
  }
}

/** A token the fake API accepts (normal mode hands out the current one, nothing is invalidated). */
async function accessToken(wechat: FakeWeChatApi): Promise<string> {
  const res = await fetch(`${wechat.baseUrl}/cgi-bin/stable_token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: BENCH_OA.WECHAT_OA_APP_ID, secret: APP_SECRET }),
  })
  return ((await res.json()) as { access_token: string }).access_token
}

/**
 * The fake API's ceiling: autocannon (in a worker thread, so it does not share the fake API's
 * event loop) POSTing a custom-send body as the push sends it, on IN_FLIGHT keep-alive
 * connections, one request at a time each (what Node's fetch does: keep-alive, no pipelining).
 */
async function fakeApiCeiling(wechat: FakeWeChatApi, body: string, seconds: number): Promise<{ perSecond: number; errors: number }> {
  const token = await accessToken(wechat)
  const run = (duration: number) =>
    autocannon({
      url: `${wechat.baseUrl}/cgi-bin/message/custom/send?access_token=${token}`,
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body,
      connections: IN_FLIGHT, pipelining: 1, duration, workers: 1,
    })
  const before = wechat.sent.length
  await run(2) // warm-up
  const result = await run(seconds)
  const seconds_ = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000
  const answered = wechat.sent.length
  // What the ceiling sent is no push: drop it from the record.
  wechat.sent.splice(before, answered - before)
  return { perSecond: result.requests.total / seconds_, errors: result.errors + result.non2xx + result.timeouts }
}

type ChildLog = { errors: number; warnings: number; samples: string[] }

/** Counts the child's error and warning lines (pino JSON on stdout) and keeps a few. */
function watchChild(role: Role): ChildLog {
  const log: ChildLog = { errors: 0, warnings: 0, samples: [] }
  let rest = ''
  role.proc.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) {
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0)
      if (level >= 50) log.errors++
      else if (level === 40) log.warnings++
      else continue
      if (log.samples.length < 8) log.samples.push(line.slice(0, 600))
    }
  })
  return log
}

export type PushRun = {
  db: 'sqlite' | 'postgresql'
  subscribers: number
  perSecond: number
  seedS: number
  fanoutS: number
  pages: number
  firstReceiptS: number
  sendingS: number
  endToEndS: number
  received: number
  deliveriesPerS: number
  ceilingPerS?: number
  ceilingErrors?: number
  ceilingBodyBytes: number
  redisBaseline: number
  redisPeak: number
  redisAfter: number
  windowKeys: number
  duplicates: number
  missing: number
  stats: PushStats
  statuses: Record<string, number>
  timedOut: boolean
  child: ChildLog
  fanoutJobs: JobTiming
  pushJobs: JobTiming
  /** The 1-minute load average, averaged over the push (sampled every second). */
  loadAverage: number
  /** …and when the ceiling was measured. */
  ceilingLoad: number
  /** Pushes a second over the first and over the last tenth of the receipts: does it slow as the tables grow? */
  tenthsPerS: [number, number]
  /** CPU the worker process and this process (the fake API, the Redis poll) used from publish to the end of the push. */
  workerCpuS: number
  benchCpuS: number
}

function tenths(at: number[]): [number, number] {
  const k = Math.floor(at.length / 10)
  if (k < 2) return [Number.NaN, Number.NaN]
  const rate = (a: number, b: number) => (b - a) / ((at[b]! - at[a]!) / 1000)
  return [rate(0, k - 1), rate(at.length - k, at.length - 1)]
}

type JobTiming = { count: number; busyS: number; waitS: number; retried: number; failed: number }

/** One posting pushed to `subscribers` by one worker role process; the fake API's ceiling after, when asked. */
export async function pushRun(opts: {
  redisUrl: string; db: 'sqlite' | 'postgresql'; postgresServer?: string; subscribers: number; perSecond: number; ceilingSeconds?: number; timeoutMs?: number
}): Promise<PushRun> {
  const n = opts.subscribers
  const prefix = `bj${Date.now().toString(36)}`
  const database = opts.db === 'sqlite' ? await sqliteDatabase() : await postgresDatabase(opts.postgresServer!)
  const wechat = await startFakeWeChatApi({ appId: BENCH_OA.WECHAT_OA_APP_ID, appSecret: APP_SECRET })
  const inspect = new Redis(opts.redisUrl)
  const env: Record<string, string> = {
    DATABASE_URL: database.url, DATA_DIR: database.dataDir, REDIS_URL: opts.redisUrl, QUEUE_PREFIX: prefix, ADMIN_TOKEN, DATA_ENCRYPTION_KEY: 'b'.repeat(64),
    ...BENCH_OA, WECHAT_OA_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wechat.baseUrl,
    JOB_QUIET_HOURS: 'none', JOB_PUSH_PER_SECOND: String(opts.perSecond),
    ...(process.env.JOB_FANOUT_PAGE ? { JOB_FANOUT_PAGE: process.env.JOB_FANOUT_PAGE } : {}),
  }
  // For profiling the pushing process only, e.g. a --require that starts the inspector's profiler.
  if (process.env.BENCH_JOB_CHILD_NODE_OPTIONS) env.NODE_OPTIONS = process.env.BENCH_JOB_CHILD_NODE_OPTIONS
  let web: RunningDesk | undefined
  let worker: Role | undefined
  let poller: ReturnType<typeof setInterval> | undefined
  try {
    await migrateDatabase(database.url)
    const config = loadConfig({ ...env, LOG_LEVEL: 'warn', SEED_DEMO: 'true', SEED_DEMO_ACCOUNTS: 'false' })
    web = await startDesk(config, { role: 'web', redisUrl: opts.redisUrl, logger: createLogger({ level: 'warn' }) })
    const seedStarted = performance.now()
    await seedSubscribers(web, n)
    const seedS = (performance.now() - seedStarted) / 1000
    console.error(`  ${database.kind}: ${n.toLocaleString('en-US')} subscribers seeded in ${seedS.toFixed(1)} s`)
    const cadre = await jobsCadre(web.desk)
    const draft = await createPosting(web.desk, cadre, postingFields({ title: '叉车司机（十万人推送）' }))

    worker = await startRole('worker', env)
    const child = watchChild(worker)

    // Every push the fake API accepts, with when it arrived (its own record has no time).
    const receipts: { at: number; openId: string }[] = []
    const sent = wechat.sent
    const push = sent.push.bind(sent)
    sent.push = (...items) => {
      const at = Date.now()
      for (const m of items) if (m.kind === 'custom' && m.content.includes(MARK)) receipts.push({ at, openId: m.toOpenId })
      return push(...items)
    }

    const redisBaseline = await usedMemory(inspect)
    let redisPeak = redisBaseline
    // The machine's load beside the figures: on a shared machine other work takes the cores too.
    const loads: number[] = []
    let ticks = 0
    poller = setInterval(() => {
      usedMemory(inspect).then((m) => (redisPeak = Math.max(redisPeak, m)), () => {})
      if (ticks++ % 5 === 0) loads.push(os.loadavg()[0]!)
    }, 200)

    const cpuAtPublish = { worker: cpuSeconds(worker.proc.pid), bench: process.cpuUsage() }
    const posting = await publishPosting(web.desk, cadre, draft.id)
    const publishedAt = posting.publishedAt!.getTime()
    // Wait on what the fake API received and on the queue, in Redis: no database reads while the child pushes.
    const deadline = Date.now() + (opts.timeoutMs ?? Math.max(20 * 60_000, (n / opts.perSecond) * 1000 * 2))
    let timedOut = false
    let lastProgress = { count: 0, at: Date.now() }
    let milestone = 10_000
    for (;;) {
      await sleep(500)
      if (!worker.alive) throw new Error('the worker role process exited during the push')
      const counts = await web.desk.queues.postings.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'waiting-children')
      const busy = Object.values(counts).reduce((a, b) => a + b, 0)
      if (receipts.length !== lastProgress.count) lastProgress = { count: receipts.length, at: Date.now() }
      if (busy === 0 && receipts.length >= n) break
      // Nothing left queued and nothing arriving: the push is over short of everyone (counted below as missing).
      if (busy === 0 && Date.now() - lastProgress.at > 10_000) break
      if (Date.now() > deadline) {
        timedOut = true
        break
      }
      if (receipts.length >= milestone) {
        console.error(`  ${database.kind}: ${receipts.length.toLocaleString('en-US')} pushes received after ${((Date.now() - publishedAt) / 1000).toFixed(0)} s`)
        milestone = (Math.floor(receipts.length / 10_000) + 1) * 10_000
      }
    }
    clearInterval(poller)
    poller = undefined
    const workerCpuS = cpuSeconds(worker.proc.pid) - cpuAtPublish.worker
    const benchCpu = process.cpuUsage(cpuAtPublish.bench)
    redisPeak = Math.max(redisPeak, await usedMemory(inspect))
    const redisAfter = await usedMemory(inspect)
    sent.push = push
    let windowKeys = 0
    for (let cursor = '0'; ; ) {
      const [next, keys] = await inspect.scan(cursor, 'MATCH', `${prefix}:job-window:*`, 'COUNT', 5000)
      windowKeys += keys.length
      cursor = next
      if (cursor === '0') break
    }

    // What the queue kept of each job (completed jobs stay a day): how long each page ran and waited.
    const jobs = (await web.desk.queues.postings.getJobs(['completed', 'failed'], 0, -1)).filter((j) => j.data?.postingId === posting.id)
    const timing = (name: string) => {
      const js = jobs.filter((j) => j.name === name && j.processedOn && j.finishedOn)
      return {
        count: js.length,
        busyS: js.reduce((a, j) => a + (j.finishedOn! - j.processedOn!), 0) / 1000,
        waitS: js.reduce((a, j) => a + (j.processedOn! - j.timestamp), 0) / 1000,
        retried: js.filter((j) => j.attemptsMade > 1).length,
        failed: jobs.filter((j) => j.name === name && j.failedReason).length,
      }
    }
    const fanoutJobs = timing('fanout')
    const pushJobs = timing('push')

    await stopRole(worker)
    const done = await web.desk.db.jobPosting.findUniqueOrThrow({ where: { id: posting.id } })
    const stats = await pushStats(web.desk.db, posting.id)
    const statuses = Object.fromEntries(
      (await web.desk.db.jobPush.groupBy({ by: ['status'], where: { postingId: posting.id }, _count: { _all: true } })).map((g) => [g.status, g._count._all]),
    )

    const perOpenId = new Map<string, number>()
    for (const r of receipts) perOpenId.set(r.openId, (perOpenId.get(r.openId) ?? 0) + 1)
    let reached = 0
    for (let i = 0; i < n; i++) if (perOpenId.has(openIdOf(i))) reached++
    const first = receipts[0]?.at ?? publishedAt
    const last = receipts.at(-1)?.at ?? publishedAt
    const sendingS = (last - first) / 1000

    let ceiling: { perSecond: number; errors: number } | undefined
    const sample = sent.find((m) => m.kind === 'custom' && m.content.includes(MARK))
    const body = JSON.stringify({ ...(sample?.body ?? { msgtype: 'text', text: { content: MARK } }), touser: 'oBenchCeiling'.padEnd(28, 'x') })
    const ceilingLoad = os.loadavg()[0]!
    if (opts.ceilingSeconds) ceiling = await fakeApiCeiling(wechat, body, opts.ceilingSeconds)

    return {
      db: database.kind, subscribers: n, perSecond: opts.perSecond, seedS,
      fanoutS: done.fanoutDoneAt ? (done.fanoutDoneAt.getTime() - publishedAt) / 1000 : Number.NaN,
      pages: done.fanoutPage,
      firstReceiptS: (first - publishedAt) / 1000,
      sendingS, endToEndS: (last - publishedAt) / 1000,
      received: receipts.length,
      deliveriesPerS: receipts.length > 1 ? (receipts.length - 1) / sendingS : 0,
      tenthsPerS: tenths(receipts.map((r) => r.at)),
      workerCpuS, benchCpuS: (benchCpu.user + benchCpu.system) / 1e6, ceilingLoad,
      ceilingPerS: ceiling?.perSecond, ceilingErrors: ceiling?.errors, ceilingBodyBytes: Buffer.byteLength(body),
      redisBaseline, redisPeak, redisAfter, windowKeys,
      duplicates: [...perOpenId.values()].filter((c) => c > 1).length,
      missing: n - reached,
      stats, statuses, timedOut, child, fanoutJobs, pushJobs,
      loadAverage: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length),
    }
  } finally {
    if (poller) clearInterval(poller)
    if (worker) await stopRole(worker)
    await web?.stop()
    await wechat.close()
    // This run's keys (its queue, the window counters, the pace limiter) leave with it.
    for (let cursor = '0'; ; ) {
      const [next, keys] = await inspect.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000)
      if (keys.length) await inspect.unlink(...keys)
      cursor = next
      if (cursor === '0') break
    }
    inspect.disconnect()
    await database.drop()
  }
}

const f = (x: number | undefined, digits = 0) =>
  x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const mb = (bytes: number) => f(bytes / 2 ** 20, 1)

function figuresOf(key: string, r: PushRun): Record<string, number> {
  const out: Record<string, number> = {
    [`${key}_subscribers`]: r.subscribers, [`${key}_pace_per_s`]: r.perSecond, [`${key}_seed_s`]: r.seedS,
    [`${key}_fanout_s`]: r.fanoutS, [`${key}_fanout_pages`]: r.pages, [`${key}_fanout_pages_per_s`]: r.pages / r.fanoutS,
    [`${key}_first_receipt_s`]: r.firstReceiptS, [`${key}_sending_s`]: r.sendingS, [`${key}_end_to_end_s`]: r.endToEndS,
    [`${key}_received`]: r.received, [`${key}_deliveries_per_s`]: r.deliveriesPerS,
    [`${key}_redis_baseline_bytes`]: r.redisBaseline, [`${key}_redis_peak_bytes`]: r.redisPeak, [`${key}_redis_peak_minus_baseline_bytes`]: r.redisPeak - r.redisBaseline,
    [`${key}_window_keys`]: r.windowKeys, [`${key}_duplicates`]: r.duplicates, [`${key}_missing`]: r.missing,
    [`${key}_child_errors`]: r.child.errors, [`${key}_child_warnings`]: r.child.warnings, [`${key}_timed_out`]: r.timedOut ? 1 : 0, [`${key}_load_average`]: r.loadAverage, [`${key}_ceiling_load_average`]: r.ceilingLoad,
    [`${key}_first_tenth_per_s`]: r.tenthsPerS[0], [`${key}_last_tenth_per_s`]: r.tenthsPerS[1],
    [`${key}_worker_cpu_s`]: r.workerCpuS, [`${key}_worker_cpu_ms_per_push`]: (r.workerCpuS * 1000) / r.received, [`${key}_bench_cpu_s`]: r.benchCpuS,
  }
  if (r.ceilingPerS !== undefined) {
    out[`${key}_ceiling_per_s`] = r.ceilingPerS
    out[`${key}_ratio`] = r.deliveriesPerS / r.ceilingPerS
  }
  for (const [k, v] of Object.entries(r.fanoutJobs)) out[`${key}_fanout_jobs_${k}`] = v
  for (const [k, v] of Object.entries(r.pushJobs)) out[`${key}_push_jobs_${k}`] = v
  for (const [k, v] of Object.entries(r.stats)) out[`${key}_stats_${k}`] = v
  for (const [k, v] of Object.entries(r.statuses)) out[`${key}_status_${k}`] = v
  return out
}

export async function benchJobPush(opts: { redisUrl: string; subscribers?: number; postgresUrl?: string }): Promise<Section> {
  const n = opts.subscribers ?? Number(process.env.BENCH_JOB_SUBSCRIBERS ?? 100_000)
  const fast = Number(process.env.BENCH_JOB_PER_SECOND ?? 5000)
  const pacedN = Number(process.env.BENCH_JOB_PACED_SUBSCRIBERS ?? 2000)
  const server = opts.postgresUrl ?? process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
  const runs: { key: string; label: string; r: PushRun }[] = []

  console.error(`  SQLite: ${n.toLocaleString('en-US')} subscribers at up to ${fast}/s…`)
  runs.push({ key: 'sqlite', label: 'SQLite (embedded default)', r: await pushRun({ redisUrl: opts.redisUrl, db: 'sqlite', subscribers: n, perSecond: fast, ceilingSeconds: 10 }) })
  const withPostgres = process.env.BENCH_JOB_POSTGRES !== 'false' && (await postgresAnswers(server))
  if (withPostgres) {
    console.error(`  PostgreSQL: ${n.toLocaleString('en-US')} subscribers at up to ${fast}/s…`)
    runs.push({ key: 'postgresql', label: 'PostgreSQL', r: await pushRun({ redisUrl: opts.redisUrl, db: 'postgresql', postgresServer: server, subscribers: n, perSecond: fast, ceilingSeconds: 10 }) })
  }
  if (pacedN > 0) {
    console.error(`  SQLite: ${pacedN.toLocaleString('en-US')} subscribers at the default 100/s…`)
    runs.push({ key: 'sqlite_paced', label: `SQLite, default pace (${pacedN.toLocaleString('en-US')} subscribers)`, r: await pushRun({ redisUrl: opts.redisUrl, db: 'sqlite', subscribers: pacedN, perSecond: 100 }) })
  }

  const figures: Record<string, number> = Object.assign({}, ...runs.map(({ key, r }) => figuresOf(key, r)))
  const cols = runs.map((x) => x.r)
  const row = (label: string, cell: (r: PushRun) => string) => `| ${label} | ${cols.map(cell).join(' | ')} |`
  const statusNames = [...new Set(cols.flatMap((r) => Object.keys(r.statuses)))].sort()
  const childNotes = runs.filter((x) => x.r.child.errors + x.r.child.warnings > 0)
  const main = runs[0]!.r
  const long = runs.filter((x) => x.r.seedS + x.r.endToEndS > 12 * 60)
  const markdown = [
    `One posting (叉车司机, any region) published to ${f(n)} subscribers on the WeChat Official Account, each a worker who wrote just now (the 48-hour window open). One worker role process (\`src/main.ts worker\`, a child process) plans the fan-out and pushes; this process publishes and hosts the fake WeChat API, which records every message it would have delivered. \`JOB_QUIET_HOURS=none\`, \`JOB_FANOUT_PAGE\` ${process.env.JOB_FANOUT_PAGE ?? '500 (default)'}, the postings queue at its concurrency of 2 with ${PUSH_CHUNK} sends a chunk. Seeding (bulk inserts, not measured): ${runs.map((x) => `${x.label} ${f(x.r.seedS, 1)} s`).join(', ')}.`,
    '',
    `| | ${runs.map((x) => x.label).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    row('subscribers / `JOB_PUSH_PER_SECOND`', (r) => `${f(r.subscribers)} / ${f(r.perSecond)}`),
    row('publish → fan-out planned (`fanoutDoneAt`)', (r) => `${f(r.fanoutS, 1)} s`),
    row('fan-out pages / pages per second', (r) => `${f(r.pages)} / ${f(r.pages / r.fanoutS, 1)}`),
    row('fan-out jobs: mean run / mean wait in the queue, per page', (r) => `${f((r.fanoutJobs.busyS / r.fanoutJobs.count) * 1000)} ms / ${f(r.fanoutJobs.waitS / r.fanoutJobs.count, 1)} s`),
    row('push jobs: mean run per page / retried / failed', (r) => `${f(r.pushJobs.busyS / r.pushJobs.count, 1)} s / ${f(r.pushJobs.retried)} / ${f(r.pushJobs.failed)}`),
    row('publish → first push received', (r) => `${f(r.firstReceiptS, 2)} s`),
    row('sending period (first → last receipt)', (r) => `${f(r.sendingS, 1)} s`),
    row('**deliveries per second**', (r) => `**${f(r.deliveriesPerS)}**`),
    row('deliveries per second over the first / last tenth', (r) => `${f(r.tenthsPerS[0])} / ${f(r.tenthsPerS[1])}`),
    row('worker process CPU per push (fan-out planning included) / busy share of publish → last receipt', (r) => `${f((r.workerCpuS * 1000) / r.received, 2)} ms / ${f((r.workerCpuS / r.endToEndS) * 100)} %`),
    row('publish → last receipt (end to end)', (r) => `${f(r.endToEndS, 1)} s`),
    row('run time: seeding + publish → last receipt', (r) => `${f(r.seedS / 60, 1)} + ${f(r.endToEndS / 60, 1)} min`),
    row('fake API ceiling (autocannon, same body, same run)', (r) => (r.ceilingPerS === undefined ? '–' : `${f(r.ceilingPerS)}/s`)),
    row('**ratio deliveries ÷ ceiling**', (r) => (r.ceilingPerS === undefined ? '–' : `**${f((r.deliveriesPerS / r.ceilingPerS) * 100, 1)} %**`)),
    row('Redis used_memory: baseline → peak (peak − baseline)', (r) => `${mb(r.redisBaseline)} → ${mb(r.redisPeak)} MiB (+${mb(r.redisPeak - r.redisBaseline)} MiB)`),
    row('window counters left in Redis (`job-window:*`, live 48 h)', (r) => f(r.windowKeys)),
    row('pushes received / **duplicates** / **missing**', (r) => `${f(r.received)} / **${f(r.duplicates)}** / **${f(r.missing)}**`),
    row('pushStats: matched / sent / waiting / unreachable / failed / unsubscribed / stopped', (r) => `${f(r.stats.matched)} / ${f(r.stats.sent)} / ${f(r.stats.waiting)} / ${f(r.stats.unreachable)} / ${f(r.stats.failed)} / ${f(r.stats.unsubscribed)} / ${f(r.stats.stopped)}`),
    row(`JobPush statuses (${statusNames.join(', ')})`, (r) => statusNames.map((s) => f(r.statuses[s] ?? 0)).join(' / ')),
    row(`machine load, 1-min load average on ${os.cpus().length} cores: during the push / the ceiling`, (r) => `${f(r.loadAverage, 1)} / ${r.ceilingPerS === undefined ? '–' : f(r.ceilingLoad, 1)}`),
    row('worker process log: errors / warnings', (r) => `${f(r.child.errors)} / ${f(r.child.warnings)}`),
    '',
    ...(long.length
      ? [`**Longer than planned**: ${long.map((x) => `${x.label} took ${f((x.r.seedS + x.r.endToEndS) / 60, 1)} min`).join(', ')} (seeding included), over the ~12 minutes planned for a run, on a machine shared with other work (see the load row). BENCH_JOB_SUBSCRIBERS sets a smaller size.`, '']
      : []),
    ...(runs.some((x) => x.r.timedOut) ? [`**Timed out**: ${runs.filter((x) => x.r.timedOut).map((x) => x.label).join(', ')} stopped waiting before every push arrived; its figures cover what arrived.`, ''] : []),
    ...(withPostgres ? [] : ['PostgreSQL was not measured this run (no server answered, or BENCH_JOB_POSTGRES=false).', '']),
    `The ceiling is the fake API alone: autocannon in a worker thread POSTing the same custom-send body (a real push's, ${f(main.ceilingBodyBytes)} bytes, to one openid) on ${IN_FLIGHT} keep-alive connections, one request at a time each, as Node's fetch sends them; ${IN_FLIGHT} is the most the push can have in flight (2 jobs × ${PUSH_CHUNK}). Redis is sampled every 200 ms (INFO memory used_memory) from publish until the queue is idle.`,
    '',
    readingNote(runs),
    ...(childNotes.length ? ['', 'What the worker process logged (first lines):', '', ...childNotes.flatMap((x) => x.r.child.samples.map((s) => `- ${x.label}: \`${s.replace(/`/g, "'")}\``))] : []),
  ].join('\n')
  return { title: 'Job postings: publishing to 100,000 subscribers', markdown, figures }
}

/** What the figures mean and what bounds them: the figures are this run's; the shares of the worker's CPU come from one profile (V8's sampling profiler, through BENCH_JOB_CHILD_NODE_OPTIONS) of a 10,000-subscriber push on SQLite. */
function readingNote(runs: { key: string; label: string; r: PushRun }[]): string {
  const sqlite = runs.find((x) => x.key === 'sqlite')!.r
  const postgres = runs.find((x) => x.key === 'postgresql')?.r
  const paced = runs.find((x) => x.key === 'sqlite_paced')?.r
  const perPage = (r: PushRun) => r.fanoutJobs.busyS / Math.max(1, r.fanoutJobs.count)
  const cpuPerPush = (r: PushRun) => (r.workerCpuS * 1000) / Math.max(1, r.received)
  const busy = (r: PushRun) => (r.workerCpuS / r.endToEndS) * 100
  const kept = (r: PushRun) => (r.redisAfter - r.redisBaseline) / r.subscribers
  const cores = os.cpus().length
  return [
    `Reading the figures. The push is bounded by the CPU of the one worker process, not by the fake API (it answers ${f(sqlite.ceilingPerS)} a second in the same run), nor the pace limiter (${f(sqlite.perSecond)}/s), nor SQLite's single writer (a push page writes twice per ${PUSH_CHUNK} pushes: the claim and the outcome). The worker used ${f(cpuPerPush(sqlite), 2)} ms of CPU a push on SQLite${postgres ? ` (${f(cpuPerPush(postgres), 2)} ms on PostgreSQL, the server's own work not counted)` : ''}, so one free core would push about ${f(1000 / cpuPerPush(sqlite))} a second; it was busy ${f(busy(sqlite))} % of the time from publish to the last receipt, the rest of the time waiting for a core: ${cores} cores shared with the fake API (this process: ${f(sqlite.benchCpuS)} s of CPU during the push), Redis${postgres ? ', PostgreSQL' : ''} and whatever else ran on the machine (the load average row). Compare runs by the CPU per push and by the ratio to the ceiling, not by the raw rates.`,
    `Where the worker's CPU goes, from one profile of a 10,000-subscriber push on SQLite (V8's sampling profiler; not taken in every run): about 40 % in Prisma (its JavaScript, its WASM query compiler and the better-sqlite3 adapter, SQLite's own work included), about 30 % in fetch (undici) and Node's HTTP and streams (AbortSignal.timeout alone a few per cent), about 10 % garbage collection, 3 % the desk's own code and 2–3 % the Redis client. Each push costs two COUNT queries of its own (windowSendsSince: the desk's messages and the job pushes inside the worker's 48-hour window), three Redis round trips (the window slot's INCR and PEXPIRE, the pace limiter) and one POST; each chunk of ${PUSH_CHUNK} adds seven statements (the planned rows, the posting re-read, the claim, the subscriptions, workers and identities, the outcome): about 2.35 statements a push. What would move it: the window counts of a chunk in two grouped queries instead of two per push, plain SQL for the chunk's statements, and more worker processes on more cores (the pace limiter and the claims are shared between processes, so pages can be pushed side by side). The rate over the last tenth of the receipts against the first shows whether it slows as JobPush grows.`,
    postgres
      ? `On PostgreSQL the same statements go over a socket to a server on the same cores: ${f(postgres.deliveriesPerS)} pushes a second (${f((postgres.deliveriesPerS / sqlite.deliveriesPerS) * 100)} % of SQLite's), and a fan-out page's planning runs ${f(perPage(postgres) * 1000)} ms against ${f(perPage(sqlite) * 1000)} ms on SQLite. The worker needs less CPU a push there (SQLite's work is in the worker's process, PostgreSQL's in the server's) but was busy only ${f(busy(postgres))} % of the time: it also waits on each round trip to a server that needs the same cores.`
      : '',
    `Publish → \`fanoutDoneAt\` is about as long as the whole push, though a page is planned in ${f(perPage(sqlite) * 1000)} ms on SQLite (all ${f(sqlite.pages)} pages: ${f(sqlite.fanoutJobs.busyS, 1)} s of work): fan-out and push jobs share the postings queue's two slots in arrival order, so each page's planning waits behind a page of pushes (${f(sqlite.fanoutJobs.waitS / Math.max(1, sqlite.fanoutJobs.count), 1)} s on average). Nothing is lost by it (the first pushes arrive ${f(sqlite.firstReceiptS, 1)} s after publishing), but a posting published meanwhile queues behind the pages of the first.`,
    `Redis grows by about ${f(kept(sqlite))} bytes a subscriber and keeps it after the push: one window counter per worker pushed to (\`job-window:*\`, ${f(sqlite.windowKeys)} keys), which lives as long as the 48-hour window it counts, and two small jobs per page, kept a day. A million subscribers would hold about ${f((kept(sqlite) * 1e6) / 2 ** 20)} MiB for two days: worth counting when sizing Redis's maxmemory.`,
    paced
      ? `At the default JOB_PUSH_PER_SECOND (100) the limiter sets the pace: ${f(paced.deliveriesPerS, 1)} pushes a second over ${f(paced.subscribers)} subscribers (the worker busy ${f(busy(paced))} % of the time), so ${f(sqlite.subscribers)} subscribers take about ${f(sqlite.subscribers / 100 / 60, 1)} minutes at the default; the fast runs show how far the pace could be raised on this machine.`
      : '',
  ]
    .filter(Boolean)
    .join('\n\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-redis-'))
  const redis = await startEmbeddedRedis({ dir, durable: true })
  try {
    const section = await benchJobPush({ redisUrl: redis.url })
    console.log(`## ${section.title}\n\n${section.markdown}`)
  } finally {
    await redis.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
