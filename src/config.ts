import { z } from 'zod'
import { checkClassifierConfig, classifierConfigShape } from './classify/config.ts'
import { defaultDataDir, defaultDatabaseUrl } from './db/url.ts'

/**
 * Everything the desk can be told from its environment, parsed once at start.
 * Nothing else reads process.env: entries pass their own source (process.env on
 * Node, the bindings on the edge, a plain object in tests) to loadConfig().
 */
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback)
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')

export const ConfigSchema = z
  .object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Where the embedded desk keeps its SQLite file, Redis data and generated secrets. */
  DATA_DIR: z.string().default(defaultDataDir()),
  /** file:/path/to.db (SQLite, the embedded default). Defaults to DATA_DIR/niangjia.db. */
  DATABASE_URL: z
    .string()
    .refine((u) => u.startsWith('file:'), 'DATABASE_URL must be a SQLite file: URL, e.g. file:/var/lib/niangjia/niangjia.db')
    .optional(),
  /** redis://host:port/db. When unset, the desk starts its own redis-server in DATA_DIR/redis. */
  REDIS_URL: z.string().url('REDIS_URL must look like redis://127.0.0.1:6379').optional(),
  /** Prefix for every BullMQ key, so several desks can share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'QUEUE_PREFIX may hold letters, digits, _ and -').default('nj'),
  /** Shared secret for cadre replies, the queue dashboard and /metrics. Generated into DATA_DIR when unset. */
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  /** 32-byte key (hex or base64) that encrypts workers' names and phones. Generated into DATA_DIR when unset. */
  DATA_ENCRYPTION_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pretty, human-readable logs on a terminal instead of JSON lines. */
  LOG_PRETTY: flag(false),
  /** Seed the demo org tree and cadres into an empty database. */
  SEED_DEMO: flag(true),
  /** Run the BullMQ workers in this process (the embedded default). */
  RUN_WORKERS: flag(true),
  /** Seconds a worker's new message continues their open ticket instead of opening another. */
  CONTINUE_WINDOW_SECONDS: seconds(72 * 3600),
  /** How often the outbox relay looks for jobs a crash left behind. */
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).default(5000),
  /** An outbox row younger than this is still being flushed by its own request; the relay leaves it. */
  OUTBOX_RELAY_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** How long shutdown waits for running jobs before it gives up on them (they are retried elsewhere). */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The org unit that owns the web channel: tickets with no better clue go here. */
  DEFAULT_UNIT_CODE: z.string().default('sz-ns'),
  // --- Timekeeping: SLA clock, reminders, escalation, callbacks (src/desk/sla*, src/desk/callbacks*) ---

  /** Message understanding: the embedded model, and an LLM when one is configured (src/classify/config.ts). */
  ...classifierConfigShape,
  })
  .superRefine(checkClassifierConfig)

export type Config = z.infer<typeof ConfigSchema> & { DATABASE_URL: string }

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Configuration is not valid:\n${issues.map((i) => `  - ${i}`).join('\n')}\nSee .env.example for every variable.`)
    this.name = 'ConfigError'
  }
}

/** Parse a configuration source once; throws ConfigError listing every bad variable. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  // Empty strings mean "not set": shells and .env files produce them for unset variables.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`))
  }
  const c = parsed.data
  return { ...c, DATABASE_URL: c.DATABASE_URL ?? defaultDatabaseUrl(c.DATA_DIR) }
}
