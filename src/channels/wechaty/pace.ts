import { randomInt, randomUUID } from 'node:crypto'
import type { RedisClient } from '../../redis/connect.ts'

/**
 * How fast the bot account writes, so WeChat does not take it for a machine and restrict it:
 * - the account's windows (WECHATY_SEND_LIMIT, e.g. 20 per 60 s and 300 per hour), counted as
 *   sliding windows: "20 a minute" holds for every minute, not per clock minute (a fixed window
 *   lets 40 through across its edge);
 * - one chat (a contact) at most once per WECHATY_PER_CONTACT_MS;
 * - a random pause (WECHATY_SPACING_MS) after every send of the account, so sends do not come
 *   at machine-regular intervals.
 *
 * One Lua script checks all three and, only when all allow it, records the send: atomic, one
 * round trip, shared by every process (a second bot process is on standby, but a takeover
 * inherits the counts). `reserve` answers 0 (send now; the slot is taken) or how many ms to
 * wait; the bot's queue then waits that long (BullMQ's rate limit), it does not sleep.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local wait = 0
local t = redis.call('PTTL', KEYS[3])
if t > wait then wait = t end
t = redis.call('PTTL', KEYS[2])
if t > wait then wait = t end
local longest = 0
for i = 5, #ARGV, 2 do
  local points = tonumber(ARGV[i])
  local ms = tonumber(ARGV[i + 1])
  if ms > longest then longest = ms end
  local n = redis.call('ZCOUNT', KEYS[1], now - ms + 1, '+inf')
  if n >= points then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], now - ms + 1, '+inf', 'WITHSCORES', 'LIMIT', n - points, 1)
    local w = tonumber(oldest[2]) + ms - now
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
redis.call('PEXPIRE', KEYS[1], longest)
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[3]) end
return 0`

export type PaceRules = {
  /** Sends per window for the whole account: [{ points: 20, ms: 60_000 }, …]. */
  windows: { points: number; ms: number }[]
  perContactMs: number
  spacingMs: { min: number; max: number }
}

export type Pacer = { reserve(chatId: string): Promise<number> }

export function botPacer(redis: RedisClient, prefix: string, rules: PaceRules, now: () => number = Date.now): Pacer {
  const key = (...parts: string[]) => [prefix, 'wechaty', 'pace', ...parts].join(':')
  const windows = rules.windows.flatMap((w) => [String(w.points), String(w.ms)])
  return {
    async reserve(chatId) {
      const gap = rules.spacingMs.max > rules.spacingMs.min ? randomInt(rules.spacingMs.min, rules.spacingMs.max + 1) : rules.spacingMs.min
      const wait = await redis.eval(
        RESERVE, 3, key('sent'), key('chat', chatId), key('spacing'),
        String(now()), String(rules.perContactMs), String(gap), randomUUID(), ...windows,
      )
      return Number(wait)
    },
  }
}

/** "20/60,300/3600" (the desk's limit syntax: points per seconds) as pace windows. */
export const paceWindows = (spec: string) =>
  spec.split(',').map((w) => {
    const [points, seconds] = w.trim().split('/').map(Number) as [number, number]
    return { points, ms: seconds * 1000 }
  })
