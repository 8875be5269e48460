import { z } from 'zod'
import { checkOfficialAccountConfig, officialAccountConfigFields } from './channels/wechat-oa/config.ts'
import { wechatyConfigFields } from './channels/wechaty/config.ts'
import { checkClassifierConfig, classifierConfigShape } from './classify/config.ts'
import { databaseKind, defaultDatabaseUrl, resolveDataDir } from './db/url.ts'
import { needsHashTag, parseRedisUrl, RedisUrlError } from './redis/url.ts'

/**
 * Everything the desk can be told from its environment, parsed once at start.
 * Nothing reads process.env, here or anywhere below the entries: they pass their own
 * source (process.env on Node, the bindings on the edge, a plain object in tests) to
 * loadConfig(), with the directory relative paths are taken from.
 */
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')

/** Rate-limit windows: "20/600" is 20 per 600 seconds; several, comma-separated, all apply. */
const limitSpec = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => v.split(',').every((w) => /^\s*\d+\s*\/\s*\d+\s*$/.test(w) && Number(w.split('/')[0]) > 0 && Number(w.split('/')[1]) > 0), 'a limit looks like 20/600 (20 per 600 seconds), several comma-separated')

/** A comma-separated list of numbers, sorted, each checked. */
const fractions = (fallback: string, ok: (f: number) => boolean, message: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.split(',').map((x) => Number(x.trim())).sort((a, b) => a - b))
    .refine((list) => list.length > 0 && list.every((f) => Number.isFinite(f) && ok(f)), message)

export const ConfigSchema = z
  .object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Where the embedded desk keeps its SQLite file, Redis data and generated secrets (relative: to the working directory). */
  DATA_DIR: z.string().default('.data'),
  /** file:/path/to.db (SQLite, the embedded default) or postgresql://user@host:5432/db. Defaults to DATA_DIR/niangjia.db. */
  DATABASE_URL: z
    .string()
    .refine((u) => databaseKind(u) !== null, 'DATABASE_URL must be a SQLite file: URL (file:/var/lib/niangjia/niangjia.db) or a postgresql:// URL')
    .optional(),
  /** PostgreSQL: connections each process keeps in its pool. Web and worker processes × this must stay under the server's max_connections. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * redis://host:port/db, redis-sentinel://s1:26379,s2:26379/mymaster or redis-cluster://n1:6379,n2:6379
   * (src/redis/connect.ts). When unset, the desk starts its own redis-server in DATA_DIR/redis.
   */
  REDIS_URL: z.string().superRefine(checkRedisUrl).optional(),
  /** Prefix for every Redis key, so several desks can share one Redis; a hash tag such as {nj} on a Cluster. */
  QUEUE_PREFIX: z.string().regex(/^(\{[a-z0-9_-]+\}|[a-z0-9_-]+)$/i, 'QUEUE_PREFIX may hold letters, digits, _ and -, optionally in braces as a Cluster hash tag: {nj}').default('nj'),
  /** Shared secret for cadre replies, the queue dashboard and /metrics. Generated into DATA_DIR when unset. */
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  /** 32-byte key (hex or base64) that seals workers' names, phones and locations. Generated into DATA_DIR when unset. */
  DATA_ENCRYPTION_KEY: z.string().optional(),
  /** A file holding that key, e.g. on a separate volume or a secrets mount, so a copy of DATA_DIR alone opens nothing. */
  DATA_ENCRYPTION_KEY_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pretty, human-readable logs on a terminal instead of JSON lines. */
  LOG_PRETTY: flag(false),
  /** Seed the demo org tree and cadres into an empty database. */
  SEED_DEMO: flag(true),
  /** With the demo union, console sign-ins for its people, their passwords written to DATA_DIR/demo-logins.txt (0600). */
  SEED_DEMO_ACCOUNTS: flag(true),
  /** Run the BullMQ workers in this process (the embedded default). */
  RUN_WORKERS: flag(true),
  /** Seconds a worker's new message continues their open ticket instead of opening another. */
  CONTINUE_WINDOW_SECONDS: seconds(72 * 3600),
  /** A conversation quiet this long is forgotten: the desk's last question no longer waits for an answer. */
  CONVERSATION_IDLE_SECONDS: seconds(24 * 3600),
  /** Days a unit admin has to complete a worker's request to delete their information (删除我的信息). */
  ERASURE_DUE_DAYS: z.coerce.number().int().min(1).max(30).default(15),
  /** How often the outbox relay looks for jobs a crash left behind. */
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).default(5000),
  /** An outbox row younger than this is still being flushed by its own request; the relay leaves it. */
  OUTBOX_RELAY_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** How long shutdown waits for running jobs before it gives up on them (they are retried elsewhere). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The org unit that owns the web channel: tickets with no better clue go here. */
  DEFAULT_UNIT_CODE: z.string().default('sz-ns'),
  // --- Limits (src/http/limits.ts): "points/seconds", several windows comma-separated ---
  /** New web messages per client address: a person typing gets through, a script cannot flood cadres. */
  RATE_LIMIT_WEB_INTAKE: limitSpec('20/600,100/86400'),
  /** Messages to one web request (its number), whoever sends them. */
  RATE_LIMIT_WEB_TICKET: limitSpec('30/600'),
  /** Ticket status look-ups per client address. */
  RATE_LIMIT_STATUS: limitSpec('30/60,300/86400'),
  /** Failed admin-token attempts per address before it is locked out for the rest of the window. */
  RATE_LIMIT_ADMIN_FAILURES: limitSpec('10/900'),
  /** Messages per WeChat user (openid) on the Official Account. */
  RATE_LIMIT_WECHAT_OPENID: limitSpec('30/60,500/86400'),
  /** Wrong console passwords per sign-in name before that name is locked for the rest of the window (a right password clears the count). */
  RATE_LIMIT_CONSOLE_FAILURES: limitSpec('5/900'),
  /** Wrong console passwords per address, whatever the name, before the address is locked: high, since a whole office signs in from behind one NAT. */
  RATE_LIMIT_CONSOLE_ADDRESS_FAILURES: limitSpec('100/900'),
  // --- The cadre console ---
  /** A console session ends after this many minutes without a request. */
  CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** A console session ends this many hours after sign-in, however active. */
  CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /** The queue dashboard shows jobs but cannot retry, promote or delete them; false lets operators act there. */
  QUEUE_DASHBOARD_READ_ONLY: flag(true),
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry (the proxy's). */
  TRUST_PROXY: flag(false),
  // --- The union as workers see it ---
  /** The name workers know the union by, e.g. 某某区总工会. Unset: the name of DEFAULT_UNIT_CODE's unit. */
  UNION_NAME: z.string().min(2).max(40).optional(),
  /** The phone number workers can call; 12351 is the national union workers' hotline. */
  UNION_HOTLINE: z.string().max(30).default('12351'),
  /** Where the desk is reachable from outside, e.g. https://desk.example.org (links in notices). */
  PUBLIC_URL: z.string().url('PUBLIC_URL must be a full URL, e.g. https://desk.example.org').optional(),
  // --- WeChat Official Account (src/channels/wechat-oa) ---
  ...officialAccountConfigFields.shape,
  /** Template for notices outside WeChat's 48-hour window (fields first, keyword1, keyword2, remark). Unset: such messages wait for the worker's next message. */
  WECHAT_OA_NOTICE_TEMPLATE_ID: z.string().regex(/^[\w-]{10,64}$/, 'WECHAT_OA_NOTICE_TEMPLATE_ID is the template id from 公众平台 → 模板消息').optional(),
  /** Template approved in 公众平台 for job alerts (fields first, keyword1 trade, keyword2 place, remark). Unset: job pushes outside the 48-hour window wait for the worker's next message, as one digest. */
  WECHAT_OA_JOB_TEMPLATE_ID: z.string().regex(/^[\w-]{10,64}$/, 'WECHAT_OA_JOB_TEMPLATE_ID is the template id from 公众平台 → 模板消息').optional(),
  /** How long the webhook waits for a ticket before answering `success` and replying later; WeChat gives up at 5 s. */
  WECHAT_OA_REPLY_BUDGET_MS: z.coerce.number().int().min(100).max(4800).default(4000),
  /** How long the webhook waits for the message to be stored before answering 503 (WeChat delivers it again; the retry meets it stored). */
  WECHAT_OA_STORE_DEADLINE_MS: z.coerce.number().int().min(100).max(4800).default(4000),
  /** The edge entry's forwards (src/edge/, wrangler.toml): a shared secret, the same as the Worker's, for their HMAC. Unset: the core has no edge door. */
  EDGE_FORWARD_SECRET: z.string().min(32, 'EDGE_FORWARD_SECRET must be at least 32 characters (e.g. openssl rand -hex 32), the same on the edge and the core').optional(),
  // --- Load shedding (src/lib/load-gauge.ts): past any of these, a WeChat message is stored and answered `success` at once, and finished by the intake queue ---
  /** Event-loop delay (p99 over half a second) that counts as behind. */
  LOAD_SHED_LOOP_LAG_MS: z.coerce.number().int().min(1).default(100),
  /** WeChat requests in flight in one process that count as behind. */
  LOAD_SHED_IN_FLIGHT: z.coerce.number().int().min(1).default(16),
  /** Smoothed time to store a message that counts as behind. */
  LOAD_SHED_STORE_MS: z.coerce.number().int().min(1).default(1000),
  // --- Wechaty bot account (src/channels/wechaty, docs/wechaty.md) ---
  ...wechatyConfigFields.shape,
  // --- Job postings (src/desk/postings) ---
  /** No job pushes in these hours, Asia/Shanghai ("21:30-08:00"; "none": push at any hour). Digests answering a worker's own message are not pushes. */
  JOB_QUIET_HOURS: z.string().regex(/^(none|\d{2}:\d{2}-\d{2}:\d{2})$/, 'JOB_QUIET_HOURS looks like 21:30-08:00, or none').default('21:30-08:00'),
  /** Of WeChat's 5 messages in the 48 hours after a worker writes, how many job pushes may use: the rest stay for their case. */
  JOB_PUSH_WINDOW_MESSAGES: z.coerce.number().int().min(0).max(5).default(2),
  /** Job pushes per second on each push channel (WeChat's customer-service API allows a few hundred per second per account). */
  JOB_PUSH_PER_SECOND: z.coerce.number().int().min(1).max(5000).default(100),
  /** Subscribers planned per fan-out page (one push job per page). */
  JOB_FANOUT_PAGE: z.coerce.number().int().min(10).max(5000).default(500),
  // --- Timekeeping: SLA clock, reminders, escalation, callbacks (src/desk/sla*, src/desk/callbacks*) ---
  /** Shares of an SLA budget at which the assignee is reminded, e.g. "0.5,0.9". */
  SLA_REMINDER_FRACTIONS: fractions('0.5,0.9', (f) => f > 0 && f < 1, 'each reminder fraction must be between 0 and 1, e.g. 0.5,0.9'),
  /** Shares of the budget at which the case climbs: the first to the unit's leader (the breach), then one unit up per step. */
  SLA_ESCALATION_FRACTIONS: fractions('1,1.5', (f) => f >= 1, 'escalation fractions start at 1 (the deadline), e.g. 1,1.5,2'),
  /** JSON laid over the default calendar (Mon–Fri 08:30–12:00, 13:30–17:30 Shanghai plus China's 放假/调休 days from chinese-days): replaces hours or zone, adds local holidays/workdays, removes national days. */
  WORK_CALENDAR_FILE: z.string().optional(),
  /** How long after closing the assignee calls to ask how it went, when the worker has not rated it by message. */
  SATISFACTION_CALLBACK_DELAY_SECONDS: seconds(3 * 24 * 3600),
  /** How long after the satisfaction question a bare "满意" / "1" counts as the answer. */
  SATISFACTION_ANSWER_WINDOW_SECONDS: seconds(7 * 24 * 3600),
  /** Quarterly callbacks (按季回访) are due this many days into the quarter. */
  CALLBACK_DUE_DAYS: z.coerce.number().int().min(0).max(90).default(30),
  /** Half-year home visits are due this many days into the half year. */
  HOME_VISIT_DUE_DAYS: z.coerce.number().int().min(0).max(180).default(90),
  /** When a callback did not reach the worker, the next try is due this much later. */
  CALLBACK_RETRY_SECONDS: seconds(2 * 24 * 3600),
  /** A callback still undone this long after its due time goes to the unit's leader. */
  CALLBACK_ESCALATE_AFTER_SECONDS: seconds(3 * 24 * 3600),
  /** When the callback planner runs (cron, Asia/Shanghai): 00:00 on the first day of each quarter. */
  CALLBACK_PLAN_CRON: z.string().default('0 0 1 1,4,7,10 *'),
  /** How often the reconciler compares timers in the database with jobs in Redis (it also runs at start). */
  RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).default(10 * 60_000),

  /** Message understanding: the embedded model, and an LLM when one is configured (src/classify/config.ts). */
  ...classifierConfigShape,
  })
  .superRefine(checkClusterPrefix)
  .superRefine(checkClassifierConfig)
  .superRefine(checkOfficialAccountConfig)

function checkRedisUrl(url: string, ctx: z.RefinementCtx) {
  try {
    parseRedisUrl(url)
  } catch (err) {
    if (!(err instanceof RedisUrlError)) throw err
    ctx.addIssue({ code: 'custom', message: err.message })
  }
}

function checkClusterPrefix(c: { REDIS_URL?: string; QUEUE_PREFIX: string }, ctx: z.RefinementCtx) {
  if (c.REDIS_URL && needsHashTag(c.REDIS_URL) && !/^\{.+\}$/.test(c.QUEUE_PREFIX)) {
    ctx.addIssue({
      code: 'custom', path: ['QUEUE_PREFIX'],
      message: `QUEUE_PREFIX must be a hash tag such as {${c.QUEUE_PREFIX}} on a Redis Cluster: BullMQ's scripts need every key of a queue in one slot`,
    })
  }
}

export type Config = z.infer<typeof ConfigSchema> & { DATABASE_URL: string }

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Configuration is not valid:\n${issues.map((i) => `  - ${i}`).join('\n')}\nSee .env.example for every variable.`)
    this.name = 'ConfigError'
  }
}

/**
 * Parse a configuration source once; throws ConfigError listing every bad variable.
 * `cwd` is where a relative DATA_DIR lives (the Node entries pass process.cwd()).
 */
export function loadConfig(source: Record<string, string | undefined>, opts: { cwd?: string } = {}): Config {
  // Empty strings mean "not set": shells and .env files produce them for unset variables.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`))
  }
  const dataDir = resolveDataDir(parsed.data.DATA_DIR, opts.cwd)
  return { ...parsed.data, DATA_DIR: dataDir, DATABASE_URL: parsed.data.DATABASE_URL ?? defaultDatabaseUrl(dataDir) }
}
