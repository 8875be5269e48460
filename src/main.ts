import path from 'node:path'
import { ConfigError, loadConfig } from './config.ts'
import { createLogger } from './log.ts'
import { roles, startDesk, type Role } from './node/start.ts'
import { RedisMissingError } from './redis/embedded.ts'
import { SecretsError } from './secrets.ts'

/**
 * The Node entry. With no argument (npm start) the whole desk in one process (HTTP,
 * workers, outbox relay) on SQLite and a Redis of its own unless told otherwise; with
 * `web`, `worker` or `bot` (npm run start:web / start:worker / start:bot) one role of a scaled-out desk.
 * Stops cleanly on SIGTERM/SIGINT.
 */
async function main() {
  const started = performance.now()
  const role = (process.argv[2] ?? 'all') as Role
  if (!roles.includes(role)) {
    console.error(`Unknown role ${role}: use one of ${roles.join(', ')} (or nothing, for all in one process).`)
    process.exit(64) // EX_USAGE
  }
  let config
  try {
    config = loadConfig(process.env, { cwd: process.cwd() })
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
    running = await startDesk(config, { role, logger, listen: true })
  } catch (err) {
    if (err instanceof SecretsError) {
      logger.fatal(err.message)
      process.exit(78) // EX_CONFIG
    }
    if (err instanceof RedisMissingError) {
      logger.fatal(err.message)
      process.exit(69) // EX_UNAVAILABLE
    }
    throw err
  }

  const ms = Math.round(performance.now() - started)
  if (role === 'worker') {
    logger.info({ role, ms }, 'Niangjia worker is up: queue workers, outbox relay, reconciler and schedulers')
  } else if (role === 'bot') {
    logger.info({ role, ms, puppet: config.WECHATY_PUPPET }, 'Niangjia bot is up: the WeChat bot account (or standing by for it) and its queue')
  } else {
    printWelcome(running.url!, running.adminTokenFrom, config.SEED_DEMO && config.SEED_DEMO_ACCOUNTS ? path.join(config.DATA_DIR, 'demo-logins.txt') : null)
    logger.info({ role, url: running.url, ms }, 'Niangjia desk is up')
  }

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

/** What to do next. The admin token is not printed (terminals are logged and shared): where it is, is. */
function printWelcome(url: string, adminTokenFrom: string, demoLogins: string | null) {
  const dataDirNote = demoLogins ? `login and password in ${demoLogins}` : 'create one with npm run users -- add'
  process.stdout.write(
    [
      '',
      `  娘家 Niangjia is running at ${url}`,
      `  Cadre console:    ${url}/console   (demo sign-ins: ${dataDirNote})`,
      `  Worker portal:    ${url}/portal`,
      `  API docs:         ${url}/docs`,
      `  Queue dashboard:  ${url}/admin/queues   (user: admin, password: the admin token)`,
      `  Admin token:      ${adminTokenFrom === 'ADMIN_TOKEN' ? 'the value of ADMIN_TOKEN' : `in ${adminTokenFrom} (adminToken)`}`,
      '',
      '  Try it:',
      `    curl -s ${url}/api/messages -H 'content-type: application/json' \\`,
      `      -d '{"text":"老板拖欠我们三个月工资了","orgHint":"粤海街道"}'`,
      `    curl -s "${url}/api/tickets/<ticketNumber>?code=<accessCode>"`,
      '',
    ].join('\n') + '\n',
  )
}
