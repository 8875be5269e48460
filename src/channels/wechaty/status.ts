import { z } from 'zod'
import type { RedisClient } from '../../redis/connect.ts'

/**
 * The bot's state as every process can read it (the console's login page, /healthz, /metrics):
 * kept in Redis by the bot process that holds the account's lease, refreshed with each renewal.
 *
 * - scan: waiting for someone to scan the login QR code (`qr` is its payload, to draw it);
 * - logged_in: working, as `name` (the account's WeChat nickname: the union's own account);
 * - logged_out: the puppet logged out (WeChat ended the session, or the operator did); queued sends wait;
 * - starting / stopped: the process holding the lease is starting the puppet, or let it go.
 *
 * `seenAt` is the last time the holder wrote: a status older than the lease says no bot process is alive.
 */
export const BotState = z.enum(['starting', 'scan', 'logged_in', 'logged_out', 'stopped'])
export type BotState = z.infer<typeof BotState>

export const BotStatus = z.object({
  state: BotState,
  /** The QR code's payload while state is scan: draw it (the console) or print it (the terminal). */
  qr: z.string().max(2000).optional(),
  /** The logged-in account's WeChat name. */
  name: z.string().max(100).optional(),
  /** Since when the bot is in this state (ISO). */
  since: z.string(),
  /** When the holder last wrote (ISO). */
  seenAt: z.string(),
  /** The lease's length, so a reader can tell a stale status. */
  leaseMs: z.number().int().positive(),
  /** How often the bot logged in again after losing its session since the process started. */
  reconnects: z.number().int().min(0).default(0),
})
export type BotStatus = z.infer<typeof BotStatus>

export const botStatusKey = (prefix: string) => `${prefix}:wechaty:status`

export async function writeBotStatus(redis: RedisClient, prefix: string, status: BotStatus): Promise<void> {
  // Kept well past the lease, so /healthz can still say the bot is gone rather than that there never was one.
  await redis.set(botStatusKey(prefix), JSON.stringify(status), 'PX', Math.max(status.leaseMs * 20, 3600_000))
}

/**
 * The bot's status, or null when no bot process ever wrote one. `alive` is false when the
 * holder has not written for longer than its lease: the process is gone, whatever the state says.
 */
export async function readBotStatus(redis: RedisClient, prefix: string, now = new Date()): Promise<(BotStatus & { alive: boolean }) | null> {
  const raw = await redis.get(botStatusKey(prefix))
  if (!raw) return null
  let parsed: BotStatus
  try {
    parsed = BotStatus.parse(JSON.parse(raw))
  } catch {
    return null
  }
  const alive = now.getTime() - new Date(parsed.seenAt).getTime() <= parsed.leaseMs
  return { ...parsed, alive }
}
