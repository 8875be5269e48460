import { z } from 'zod'
import type { EdgeForward } from '../channels/edge-forward/wire.ts'
import { checkOfficialAccountConfig, officialAccountConfigFields } from '../channels/wechat-oa/config.ts'
import type { Queue } from './runtime.ts'

/**
 * The Worker's bindings (wrangler.toml `[vars]`, `wrangler secret put`, the queue), read by
 * the core's own schema for the Official Account's variables, so a value the core refuses
 * the edge refuses too, with the same message.
 */
export type EdgeBindings = Record<string, unknown> & {
  /** The queue a message waits in while the core cannot be reached ([[queues.producers]] binding = "INBOUND"). */
  INBOUND: Queue<EdgeForward>
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)

const EdgeConfig = officialAccountConfigFields
  .extend({
    WECHAT_OA_TOKEN: z.string({ error: 'is required (wrangler secret put WECHAT_OA_TOKEN): the Token of 服务器配置, the same as the core’s' }).trim().min(1),
    /** Where the core listens, e.g. https://desk.example.org: the forwards go to its EDGE_INBOUND_PATH. */
    EDGE_CORE_URL: z
      .url({ protocol: /^https?$/, error: 'is required: the core’s address, such as https://desk.example.org' })
      // Workers' messages travel on it: https, or plain http to loopback only (wrangler dev, the tests).
      .refine((u) => new URL(u).protocol === 'https:' || isLoopback(new URL(u).hostname), 'must use https (plain http only to 127.0.0.1 or localhost)'),
    EDGE_FORWARD_SECRET: z
      .string({ error: 'is required (wrangler secret put EDGE_FORWARD_SECRET): the same value as the core’s' })
      .min(32, 'must be at least 32 characters, the same as the core’s'),
    /** How long WeChat's request waits for the core before the message goes to the queue; WeChat gives up at 5 s. */
    EDGE_FORWARD_DEADLINE_MS: z.coerce.number().int().min(200).max(4000).default(3000),
    /** The queue's first retry after a failed forward, doubled each time up to EDGE_RETRY_MAX_SECONDS. */
    EDGE_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    EDGE_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(43_200).default(600),
    /** The number the edge's own 'try again later' page gives, as the core's UNION_HOTLINE. */
    UNION_HOTLINE: z.string().max(30).default('12351'),
  })
  .superRefine(checkOfficialAccountConfig)

export type EdgeConfig = z.output<typeof EdgeConfig>

export class EdgeConfigError extends Error {
  override name = 'EdgeConfigError'
}

const parsed = new WeakMap<object, EdgeConfig | EdgeConfigError>()

/** Parsed once per isolate and bindings object; an error names each bad variable, never a value. */
export const edgeConfig = (env: EdgeBindings): EdgeConfig => {
  let found = parsed.get(env)
  if (!found) {
    const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string' && v !== ''))
    const result = EdgeConfig.safeParse(strings)
    found = result.success
      ? result.data
      : new EdgeConfigError(`edge configuration is not valid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    parsed.set(env, found)
  }
  if (found instanceof EdgeConfigError) throw found
  return found
}
