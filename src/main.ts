import { ConfigError, loadConfig } from './config.ts'
import { createLogger } from './log.ts'
import { RedisMissingError } from './redis/embedded.ts'
import { startDesk } from './runtime.ts'

/**
 * The Node entry: the whole desk in one process (HTTP, workers, outbox relay), on
 * SQLite and a Redis of its own unless told otherwise. Stops cleanly on SIGTERM/SIGINT.
 */
async function main() {
  const started = performance.now()
  let config
  try {
    config = loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(78) // EX_CONFIG
    }
    throw err
  }
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })
  let running
  try {
    running = await startDesk(config, { logger, listen: true })
  } catch (err) {
    if (err instanceof RedisMissingError) {
      logger.fatal(err.message)
      process.exit(69) // EX_UNAVAILABLE
    }
    throw err
  }

  const url = running.url!
  logger.info({ url, ms: Math.round(performance.now() - started) }, 'Niangjia desk is up')
  process.stdout.write(
    [
      '',
      `  娘家 Niangjia is running at ${url}`,
      `  API docs:         ${url}/docs`,
      `  Queue dashboard:  ${url}/admin/queues   (user: admin, password: the admin token)`,
      `  Admin token:      ${running.adminToken === config.ADMIN_TOKEN ? '(from ADMIN_TOKEN)' : `${running.adminToken}  (saved in ${config.DATA_DIR}/secrets.json)`}`,
      '',
      '  Try it:',
      `    curl -s ${url}/api/messages -H 'content-type: application/json' \\`,
      `      -d '{"text":"老板拖欠我们三个月工资了","orgHint":"粤海街道"}'`,
      `    curl -s ${url}/api/tickets/<ticketNumber>`,
      '',
    ].join('\n') + '\n',
  )

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: closing HTTP, draining workers')
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, config.SHUTDOWN_TIMEOUT_MS + 10_000)
    force.unref()
    await running.stop()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
