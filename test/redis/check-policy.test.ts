import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { startDesk } from '../../src/node/start.ts'
import { checkEvictionPolicy, RedisPolicyError } from '../../src/redis/check-policy.ts'
import type { EmbeddedRedis } from '../../src/redis/embedded.ts'
import { startTestRedis } from '../support/redis.ts'

let redis: EmbeddedRedis
let admin: Redis
const password = () => new URL(redis.url).password
const as = (user: string, pw: string) => `redis://${user}:${pw}@127.0.0.1:${redis.port}`
const setPolicy = (policy: string) => admin.config('SET', 'maxmemory-policy', policy)

beforeAll(async () => {
  redis = await startTestRedis()
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1 })
  // Managed Redis often forbids CONFIG, and sometimes INFO: users that cannot run them.
  await admin.acl('SETUSER', 'noconfig', 'on', '>noconfig-pw', '~*', '&*', '+@all', '-config')
  await admin.acl('SETUSER', 'blind', 'on', '>blind-pw', '~*', '&*', '+@all', '-config', '-info')
})
afterAll(async () => {
  admin?.disconnect()
  await redis?.stop()
})

describe('the eviction policy of a Redis the desk did not start', () => {
  it('refuses allkeys-* and volatile-*, naming the setting and REDIS_URL but not the password', async () => {
    for (const policy of ['allkeys-lru', 'allkeys-random', 'volatile-lru', 'volatile-ttl']) {
      await setPolicy(policy)
      const err = await checkEvictionPolicy(redis.url).catch((e: unknown) => e as Error)
      expect(err).toBeInstanceOf(RedisPolicyError)
      expect((err as Error).message).toMatch(new RegExp(`maxmemory-policy ${policy}.*noeviction`))
      expect((err as Error).message).toContain('REDIS_URL')
      expect((err as Error).message).toContain(`127.0.0.1:${redis.port}`)
      expect((err as Error).message).not.toContain(password())
    }
  })

  it('accepts noeviction', async () => {
    await setPolicy('noeviction')
    expect(await checkEvictionPolicy(redis.url)).toBe('noeviction')
  })

  it('reads the policy from INFO memory when CONFIG is forbidden', async () => {
    await setPolicy('allkeys-lfu')
    await expect(checkEvictionPolicy(as('noconfig', 'noconfig-pw'))).rejects.toThrow(/maxmemory-policy allkeys-lfu/)
    await setPolicy('noeviction')
    expect(await checkEvictionPolicy(as('noconfig', 'noconfig-pw'))).toBe('noeviction')
  })

  it('warns and goes on when neither CONFIG nor INFO answers', async () => {
    let logged = ''
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => ((logged += chunk.toString()), done()) }))
    expect(await checkEvictionPolicy(as('blind', 'blind-pw'), { logger })).toBeUndefined()
    expect(logged).toMatch(/could not read the eviction policy of REDIS_URL/)
    expect(logged).toMatch(/NOPERM/)
  })

  it('says so when the password is wrong, instead of timing out', async () => {
    await expect(checkEvictionPolicy(as('default', 'wrong'))).rejects.toThrow(/refused the credentials.*Check the password in REDIS_URL/)
    await expect(checkEvictionPolicy(`redis://127.0.0.1:${redis.port}`)).rejects.toThrow(/refused the credentials/)
  })

  it('keeps a desk from starting on an evicting Redis', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-policy-'))
    try {
      const config = loadConfig({ DATA_DIR: dataDir, ADMIN_TOKEN: 'policy-admin-token-0123456789', DATA_ENCRYPTION_KEY: 'd'.repeat(64), LOG_LEVEL: 'silent' })
      await setPolicy('allkeys-lru')
      await expect(startDesk(config, { role: 'web', redisUrl: redis.url })).rejects.toThrow(/maxmemory-policy allkeys-lru/)
    } finally {
      await setPolicy('noeviction')
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
