import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/redis/embedded.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A real redis-server for one test file, on a free port, removed afterwards. */
export async function startTestRedis(opts: { durable?: boolean } = {}): Promise<EmbeddedRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-redis-'))
  const redis = await startEmbeddedRedis({ dir, durable: opts.durable ?? false })
  return {
    ...redis,
    async stop() {
      await redis.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
