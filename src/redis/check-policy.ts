import { connectRedis, type RedisClient } from './connect.ts'
import { redactRedisUrl } from './url.ts'
import type { Logger } from 'pino'

export class RedisPolicyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RedisPolicyError'
  }
}

const authFailure = /NOAUTH|WRONGPASS|invalid password|invalid username-password/i

async function readPolicy(redis: RedisClient): Promise<{ policy?: string; why?: string }> {
  let why: string
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[]
    if (policy) return { policy }
    why = 'CONFIG GET returned nothing'
  } catch (err) {
    if (authFailure.test(String(err))) throw err
    why = `CONFIG GET: ${(err as Error).message}` // managed Redis often renames or forbids CONFIG
  }
  try {
    const policy = /^maxmemory_policy:(\S+)/m.exec(await redis.info('memory'))?.[1]
    if (policy) return { policy }
    return { why: `${why}; INFO memory has no maxmemory_policy` }
  } catch (err) {
    if (authFailure.test(String(err))) throw err
    return { why: `${why}; INFO memory: ${(err as Error).message}` }
  }
}

/**
 * Checks, before the desk uses a Redis it did not start, that it never evicts keys.
 * BullMQ keeps jobs, delayed SLA timers and locks as ordinary keys: under allkeys-* or
 * volatile-* a full Redis silently drops some of them, and the timers they held are
 * gone. Anything but noeviction is refused. When neither CONFIG GET nor INFO reveals the
 * policy, it warns and lets the desk start. Resolves to the policy it read.
 */
export async function checkEvictionPolicy(
  url: string,
  opts: { logger?: Logger; source?: string; timeoutMs?: number } = {},
): Promise<string | undefined> {
  const source = opts.source ?? 'REDIS_URL'
  const timeoutMs = opts.timeoutMs ?? 10_000
  const where = `the Redis at ${redactRedisUrl(url)} (${source})`
  const redis = connectRedis(url, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: 2000 })
  let lastError = ''
  redis.on('error', (err: Error) => (lastError = err.message))
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Cannot reach ${where} within ${timeoutMs / 1000} s${lastError ? `: ${lastError}` : ''}.`)), timeoutMs)
  })
  try {
    const { policy, why } = await Promise.race([readPolicy(redis), deadline]).catch((err: unknown) => {
      if (authFailure.test(String(err))) throw new RedisPolicyError(`${where} refused the credentials: ${(err as Error).message}. Check the password in ${source}.`)
      throw err
    })
    if (policy === undefined) {
      opts.logger?.warn({ redis: redactRedisUrl(url), why }, `could not read the eviction policy of ${source}; make sure it is maxmemory-policy noeviction`)
      return undefined
    }
    if (policy !== 'noeviction') {
      throw new RedisPolicyError(
        `${where} has maxmemory-policy ${policy}: when it fills up it deletes keys, and BullMQ's jobs and SLA timers are keys. ` +
          `Set maxmemory-policy noeviction (redis.conf, CONFIG SET, or your provider's parameter group), or unset ${source} to let the desk start its own Redis.`,
      )
    }
    return policy
  } finally {
    clearTimeout(timer)
    redis.disconnect()
  }
}
