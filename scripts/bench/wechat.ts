/**
 * Safe-mode Official Account messages end to end: verify, decrypt, parse, dedupe, store,
 * classify, route, reply (encrypted). Measured over loopback HTTP against a bare Hono
 * endpoint in the same run (the machine's ceiling for this HTTP stack), first as the most
 * messages per second a closed loop can push, then latency at half that rate, open loop.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { encryptMessage } from '../../src/channels/wechat-oa/crypto.ts'
import { sha1Signature } from '../../src/channels/wechat-oa/signature.ts'
import { createQueues, producerConnection } from '../../src/queue/queues.ts'
import { BENCH_OA } from './server.ts'

/** `shedBy`: the messages the server's log says it shed, by the signal that said it was behind. */
type Server = { url: string; proc: ChildProcess; shedBy: Record<string, number> }

async function startServer(mode: 'bare' | 'desk' | 'desk-shedding', redisUrl: string, queuePrefix = ''): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/server.ts', mode, redisUrl, queuePrefix], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout! })
  const shedBy: Record<string, number> = {}
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      try {
        const { url, behind } = JSON.parse(line) as { url?: unknown; behind?: unknown }
        if (typeof url === 'string') resolve(url) // other lines are the server's own logs
        if (typeof behind === 'string') shedBy[behind] = (shedBy[behind] ?? 0) + 1
      } catch {
        /* not JSON */
      }
    })
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })
  return { url, proc, shedBy }
}

const stop = (s: Server) => new Promise<void>((resolve) => { s.proc.once('exit', () => resolve()); s.proc.kill('SIGTERM') })

const texts = ['老板拖欠我们三个月工资了', '工地受伤了老板不管医药费', '想找一份电工的工作', '家里困难 孩子学费交不起', '想咨询一下入会的事情', '公司不给交社保怎么办']

/** Requests signed and encrypted as WeChat sends them; built before timing, so the client's crypto is not measured. */
function buildRequests(count: number, runId: string): { path: string; body: string }[] {
  const ts = String(Math.floor(Date.now() / 1000))
  return Array.from({ length: count }, (_, i) => {
    const xml = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[o${runId}${String(i).padStart(8, '0')}]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${texts[i % texts.length]}]]></Content><MsgId>${BigInt(7_000_000_000_000_000_000n) + BigInt(Number.parseInt(runId, 36) % 1_000_000) * 100_000n + BigInt(i)}</MsgId></xml>`
    const encrypt = encryptMessage(xml, BENCH_OA.WECHAT_OA_APP_ID, BENCH_OA.WECHAT_OA_ENCODING_AES_KEY)
    const nonce = String(100000 + i)
    const q = new URLSearchParams({
      signature: sha1Signature(BENCH_OA.WECHAT_OA_TOKEN, ts, nonce), timestamp: ts, nonce, encrypt_type: 'aes',
      msg_signature: sha1Signature(BENCH_OA.WECHAT_OA_TOKEN, ts, nonce, encrypt),
    })
    return { path: `/wechat/official-account?${q}`, body: `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` }
  })
}

type Prepared = { path: string; body: string }

/**
 * autocannon drives the load: `connections` keep-alive connections, each request taking the
 * next unique message from the pool, so no MsgId is sent twice. A non-200 answer, or
 * `success` from a desk that never sheds (meaning it missed its own budget), counts as an error.
 */
async function load(url: string, pool: Prepared[], opts: { connections: number; sheds?: boolean }) {
  let next = 0
  const result = await autocannon({
    url,
    connections: opts.connections,
    amount: pool.length,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        setupRequest: (req) => {
          const r = pool[next++ % pool.length]!
          return { ...req, path: r.path, body: r.body }
        },
        onResponse: (status, body) => {
          if (status !== 200 || (body === 'success' && !opts.sheds)) unexpected++
        },
      },
    ],
  })
  const seconds = (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000
  return { perSecond: result.requests.total / seconds, errors: result.errors + result.non2xx }
}

/**
 * Open loop at a fixed rate over keep-alive connections: each request leaves when it is due,
 * whether or not earlier ones came back, and its latency counts from then, so queueing in
 * the server shows. `smooth` spaces the requests evenly; `bursts` releases each second's
 * quota at its start, as autocannon's and many load tools' rate limits do: the same rate,
 * but the server sees a second's worth of messages at once and the last of them waits for
 * all the others.
 */
async function latencyAt(url: string, pool: Prepared[], rate: number, shape: 'smooth' | 'bursts') {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const target = new URL(url)
  const latencies: number[] = []
  let shed = 0
  let errors = 0
  const post = (r: Prepared) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: r.path, method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(r.body) } },
        (res) => {
          let body = ''
          res.on('data', (d: Buffer) => (body += d.toString()))
          res.on('end', () => {
            if (res.statusCode !== 200) errors++
            else if (body === 'success') shed++
            resolve()
          })
        },
      )
      req.on('error', reject)
      req.end(r.body)
    })
  const perSecond = Math.max(1, Math.round(rate))
  const started = performance.now()
  await Promise.all(
    pool.map(async (r, i) => {
      const due = started + (shape === 'smooth' ? (i * 1000) / rate : Math.floor(i / perSecond) * 1000)
      const wait = due - performance.now()
      // Node truncates fractional delays; rounding up keeps a request from leaving before it is due.
      if (wait > 0) await new Promise((res) => setTimeout(res, Math.ceil(wait)))
      await post(r)
      latencies.push(performance.now() - due)
    }),
  )
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!
  return { p50: q(0.5), p99: q(0.99), shed, errors }
}
let unexpected = 0

/** Seconds until the desk's intake queue has nothing waiting, delayed or running (at most 5 minutes). */
async function intakeDrained(redisUrl: string, prefix: string): Promise<number> {
  const redis = producerConnection(redisUrl)
  const queues = createQueues(redis, prefix)
  const started = Date.now()
  try {
    while (Date.now() - started < 300_000) {
      const counts = await queues.intake.getJobCounts('wait', 'delayed', 'active', 'prioritized')
      if (Object.values(counts).every((n) => n === 0)) break
      await new Promise((r) => setTimeout(r, 500))
    }
    return (Date.now() - started) / 1000
  } finally {
    await queues.close()
    redis.disconnect()
  }
}

export async function benchWechat(opts: { redisUrl: string; count?: number; concurrency?: number }) {
  const count = opts.count ?? 2000
  const concurrency = opts.concurrency ?? 32
  const run = Date.now().toString(36)
  const figures: Record<string, number> = {}
  let halfRate = 0
  for (const mode of ['bare', 'desk'] as const) {
    const server = await startServer(mode, opts.redisUrl, `bw${run}${mode}`)
    try {
      await load(server.url, buildRequests(300, `${run}w${mode[0]}`), { connections: concurrency }) // warm-up: JIT, caches, SQLite pages
      // The bare endpoint is fast: give it enough requests for a steady measurement.
      const max = await load(server.url, buildRequests(mode === 'bare' ? count * 10 : count, `${run}m${mode[0]}`), { connections: concurrency })
      const half = max.perSecond / 2
      // The open-loop client is plain Node: above a few thousand per second it would measure itself.
      const steadyRate = Math.min(half, 2000)
      // By now the desk holds the tickets of the warm-up and the maximum (2,300), their clocks pending.
      const smooth = await latencyAt(server.url, buildRequests(Math.round(steadyRate * 8), `${run}l${mode[0]}`), steadyRate, 'smooth')
      const bursts = await latencyAt(server.url, buildRequests(Math.round(steadyRate * 8), `${run}b${mode[0]}`), steadyRate, 'bursts')
      unexpected += smooth.shed + smooth.errors + bursts.shed + bursts.errors
      figures[`${mode}_max_per_s`] = max.perSecond
      figures[`${mode}_half_rate_per_s`] = steadyRate
      figures[`${mode}_p50_ms`] = smooth.p50
      figures[`${mode}_p99_ms`] = smooth.p99
      figures[`${mode}_bursts_p50_ms`] = bursts.p50
      figures[`${mode}_bursts_p99_ms`] = bursts.p99
      figures[`${mode}_errors`] = max.errors
      if (mode === 'desk') halfRate = steadyRate
    } finally {
      await stop(server)
    }
  }
  // The desk as it ships sheds: under the same bursts, the messages that would wait too long are
  // stored and answered `success` at once, their replies sent by customer-service message.
  const shippedPrefix = `bw${run}shipped`
  const shipped = await startServer('desk-shedding', opts.redisUrl, shippedPrefix)
  try {
    // The same tickets before it as the desk above. Most are shed at 32 in flight: measured once
    // the intake queue has opened their tickets, as an outside harness finds a desk in service.
    await load(shipped.url, buildRequests(2300, `${run}ws`), { connections: concurrency, sheds: true })
    figures.shipped_prefill_drain_s = await intakeDrained(opts.redisUrl, shippedPrefix)
    for (const k of Object.keys(shipped.shedBy)) delete shipped.shedBy[k]
    const bursts = await latencyAt(shipped.url, buildRequests(Math.round(halfRate * 8), `${run}bs`), halfRate, 'bursts')
    console.error(`  as it ships, in bursts: shed by ${JSON.stringify(shipped.shedBy)}`)
    for (const [signal, n] of Object.entries(shipped.shedBy)) figures[`shipped_shed_${signal}`] = n
    unexpected += bursts.errors
    figures.shipped_bursts_p50_ms = bursts.p50
    figures.shipped_bursts_p99_ms = bursts.p99
    figures.shipped_bursts_shed = bursts.shed
    figures.shipped_bursts_sent = Math.round(halfRate * 8)
  } finally {
    await stop(shipped)
  }
  figures.ratio = figures.desk_max_per_s! / figures.bare_max_per_s!
  figures.unexpected_answers = unexpected
  const f = (n: number, d = 0) => n.toFixed(d)
  const markdown = [
    `Safe-mode text messages, each from a new worker (so every one opens, classifies and routes a new ticket), over loopback HTTP with ${concurrency} in flight; ${count} messages per measurement. Load from autocannon (keep-alive connections, HDR latency histograms) in a separate process from each server. Latency: open loop for 8 s at half of each server's maximum rate (capped at 2,000/s, where the plain-Node client would start to measure itself), counted from when each request was due, from a separate process, with unique senders and MsgIds, after 2,300 tickets have been opened (their clocks pending in Redis, the outbox relay and the intake queue working through their rows).`,
    '',
    '| | messages/s (max) | half rate | p50 | p99 | p50, in bursts | p99, in bursts |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| bare Hono endpoint (ceiling) | ${f(figures.bare_max_per_s!)} | ${f(figures.bare_half_rate_per_s!)}/s | ${f(figures.bare_p50_ms!, 1)} ms | ${f(figures.bare_p99_ms!, 1)} ms | ${f(figures.bare_bursts_p50_ms!, 1)} ms | ${f(figures.bare_bursts_p99_ms!, 1)} ms |`,
    `| Niangjia, end to end (never shedding) | ${f(figures.desk_max_per_s!)} | ${f(figures.desk_half_rate_per_s!)}/s | ${f(figures.desk_p50_ms!, 1)} ms | ${f(figures.desk_p99_ms!, 1)} ms | ${f(figures.desk_bursts_p50_ms!, 1)} ms | ${f(figures.desk_bursts_p99_ms!, 1)} ms |`,
    `| Niangjia as it ships (sheds when behind) | | ${f(halfRate)}/s | | | ${f(figures.shipped_bursts_p50_ms!, 1)} ms | ${f(figures.shipped_bursts_p99_ms!, 1)} ms |`,
    '',
    `"In bursts": the same rate, each second's messages released together at its start (how autocannon's and most load tools' rate limits send). Against a server that takes one message at a time, the last of a burst waits for all the others: p99 in bursts is about the time the desk needs for a second's worth of messages, where p99 of the smooth shape is about one message's. This is why an outside harness (bursty, p99 805 ms) and this bench (smooth, p99 27.5 ms) disagreed at the same half rate.`,
    '',
    `**Ratio to the ceiling: ${f(figures.ratio * 100, 1)} %** (aim, issue 16: ten times the 0.4 % measured before it; p99 at half rate: < 100 ms). Errors or late answers (\`success\`): ${figures.bare_errors! + figures.desk_errors! + unexpected}.`,
    '',
    `The latency aim holds for the smooth shape and not in bursts, and in bursts no speed-up alone would meet it: at half its maximum rate, a server that works through a burst one message at a time is busy for half of every second, so the last of each burst waits about 500 ms however fast it is (a server ten times faster is offered bursts ten times larger). Under that shape p99 falls only with more messages in parallel than a burst holds (processes on more cores). Shedding (at 16 in flight, \`LOAD_SHED_IN_FLIGHT\`) is there for WeChat's 5 seconds, not for these hundreds of milliseconds: a shed message still costs its store and its hand-off, so in bursts the desk as it ships answers in about the time the one that never sheds does, with ${f(figures.shipped_bursts_shed!)} of ${f(figures.shipped_bursts_sent!)} answered \`success\` and their replies sent by customer-service message. (Its 2,300 tickets before were sent at 32 in flight, so most of them were shed too; the bursts began once its intake queue had opened them all, ${f(figures.shipped_prefill_drain_s!)} s later.)`,
    '',
    'Reading the figures. The ceiling answers a fixed string; the desk, for each message, checks two signatures, decrypts, parses, commits two SQLite transactions (the message is stored before anything else happens, then the ticket with its routing and its SLA clocks), schedules one pending timer per clock in Redis and encrypts the answer, in about 28 SQL statements. What the hot-path work changed, each step measured as CPU a message of the server process (all its threads; 3,000 such messages at 16 in flight from a separate client, the change and the code before it run side by side, since this machine\'s speed drifts by 10 % from one minute to the next): 6.1 ms where this round began. A rate limit takes one round trip (every window consumes at once, a refusal given back) instead of a read and a consume per window, 10 Redis commands a message becoming 2, and row ids come from a pooled random source instead of two system calls each (6.6 → 5.8 ms). On SQLite an ORM transaction is tied to the one connection without an AsyncLocalStorage context, whose promise hook Node 20 runs on every promise of the process while one is open (5.8 → 5.1 ms). The statements are prepared once per database kind (src/db/prepared.ts) instead of being built and compiled by Kysely on every call (Kysely 9 % → 2 % of the CPU; 5.1 → 4.5 ms). Outbox rows are marked delivered up to 50 ms later, many in one statement, instead of one commit of their own each (4.7 → 4.5 ms). SQLite\'s kept statements keep their column lists (better-sqlite3 builds them on every call), and reply times come from the zone\'s cached offset instead of Intl (4.5 → 4.0 ms). The SQL layer runs straight on the kept better-sqlite3 statements, past Prisma\'s adapter (4.1 → 3.9 ms). WAL checkpoints run on a thread of their own, so a COMMIT no longer copies pages back on a message\'s time (0.23 → 0.11 ms a commit). Where the rest goes (a CPU profile of the same shape, the main thread): SQLite\'s own work 23 %, Node\'s HTTP, streams and crypto 16 %, the desk\'s own logic (the conversation layer\'s reading of the text, SLA planning, routing) 11 %, garbage collection 6 %, the Redis client 5 %, Prisma\'s interactive transaction for the opening 4 %, the classifier 4 %, Kysely\'s execution 4 %. What would move it next: one transaction instead of two when a message is processed at once (a commit and a dozen page writes), the opening in a plain SQL transaction instead of the ORM\'s, and more processes on PostgreSQL (the scale-out section). Under load above this rate the webhook sheds instead of answering late (the overload section).',
  ].join('\n')
  return { title: 'WeChat Official Account: safe-mode messages end to end', markdown, figures }
}
