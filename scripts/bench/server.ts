/**
 * A server for the benchmark, in its own process so the load generator does not share its
 * event loop: `bare` is the ceiling (Hono on @hono/node-server answering a fixed XML reply,
 * nothing else), `desk` is the whole desk with the Official Account channel in safe mode
 * (never shedding), `desk-shedding` the same with the shipped load-shedding thresholds.
 * Prints one JSON line {"url": …} when it listens.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { loadConfig } from '../../src/config.ts'
import { createLogger } from '../../src/log.ts'
import { startDesk } from '../../src/node/start.ts'

/** Load-shedding thresholds no load reaches: for measuring the whole path. */
export const SHEDDING_OFF = { LOAD_SHED_LOOP_LAG_MS: '3600000', LOAD_SHED_IN_FLIGHT: '1000000', LOAD_SHED_STORE_MS: '3600000' }

export const BENCH_OA = {
  WECHAT_OA_TOKEN: 'benchtoken2026',
  WECHAT_OA_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECHAT_OA_APP_ID: 'wxb11529c136998cb6',
}

async function main() {
  const mode = process.argv[2]
  if (mode === 'bare') {
    const app = new Hono().post('/wechat/official-account', async (c) => {
      await c.req.text()
      return c.body('<xml><Content><![CDATA[ok]]></Content></xml>', 200, { 'Content-Type': 'application/xml' })
    })
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` }))
    })
    process.on('SIGTERM', () => server.close(() => process.exit(0)))
    return
  }
  if (mode !== 'desk' && mode !== 'desk-shedding') throw new Error('usage: server.ts bare|desk|desk-shedding REDIS_URL [QUEUE_PREFIX]')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-'))
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', REDIS_URL: process.argv[3], ADMIN_TOKEN: 'bench-admin-token-000', DATA_ENCRYPTION_KEY: 'b'.repeat(64),
    // Each server its own queues: one server's leftover jobs must not reach the next one's database.
    ...(process.argv[4] ? { QUEUE_PREFIX: process.argv[4] } : {}),
    ...BENCH_OA,
    // `desk` measures the whole path (stored, processed, answered in the reply), so it never
    // sheds; `desk-shedding` is the desk with its shipped thresholds.
    ...(mode === 'desk' ? SHEDDING_OFF : {}),
  })
  const running = await startDesk(config, { listen: true, logger: createLogger({ level: 'warn' }) })
  console.log(JSON.stringify({ url: running.url, dataDir }))
  process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)))
}

if (import.meta.url === `file://${process.argv[1]}`) void main()
