import { describe, expect, it } from 'vitest'
import { startTestDesk } from '../support/desk.ts'
import { startTestRedis } from '../support/redis.ts'

/**
 * Defect: with Redis gone, SIGTERM waited the whole shutdown timeout (workers could not
 * close), so a restart by systemd or Docker took that much longer. There is nothing to wait
 * for then: the desk stops promptly. The bound is a fraction of the configured timeout, so
 * a slow machine still passes.
 */
describe('shutting down with Redis gone', () => {
  it('does not wait for the shutdown timeout', async () => {
    const redis = await startTestRedis()
    const desk = await startTestDesk({ redisUrl: redis.url, env: { SHUTDOWN_TIMEOUT_MS: '20000' } })
    await redis.stop()
    const started = performance.now()
    await desk.close()
    expect(performance.now() - started).toBeLessThan(10_000)
  }, 90_000)
})
