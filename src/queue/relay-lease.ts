import { randomUUID } from 'node:crypto'
import type { RedisClient } from '../redis/connect.ts'

// Take the lease when nobody holds it, or renew it when we do; one round trip, atomic.
const TAKE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`

/**
 * A lease in Redis that one process at a time holds for `ttlMs`, renewed on each call while
 * it runs. Where the database has no row locks (SQLite), the outbox relay runs only in the
 * holder; when that process dies, another takes over once the lease runs out.
 */
export function redisLease(redis: RedisClient, key: string, ttlMs: number): () => Promise<boolean> {
  const me = `${process.pid}-${randomUUID()}`
  return async () => (await redis.eval(TAKE_OR_RENEW, 1, key, me, String(ttlMs))) === 1
}
