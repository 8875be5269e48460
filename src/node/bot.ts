import QRCode from 'qrcode'
import { demoPuppet, startBotRuntime, type BotRuntime, type BotRuntimeOptions } from '../channels/wechaty/index.ts'
import type { WorkerDesk } from '../desk/desk.ts'
import type { RedisClient } from '../redis/connect.ts'
import { startWorkers, type RunningWorkers } from '../../workers/index.ts'

export type BotParts = {
  /** The producer connection: the lease, the status, the pace, what the bot remembers. */
  redis: RedisClient
  redisUrl: string
  /** A puppet of the caller's (tests); by default WECHATY_PUPPET's package, or the demo for wechaty-puppet-mock. */
  puppet?: BotRuntimeOptions['puppet']
}

/**
 * The bot role (npm run start:bot, and the all-in-one desk when WECHATY_PUPPET is set): the
 * bot runtime, and the bot's queue consumed only while this process holds the account's
 * lease and the bot is logged in. On logout the queue's worker closes: queued sends wait in
 * Redis, none fails, and they go out in order after the next login (here or in the process
 * that takes over).
 */
export function startBot(desk: WorkerDesk, parts: BotParts): BotRuntime {
  const config = desk.config
  let workers: RunningWorkers | null = null
  const demo = config.WECHATY_PUPPET === 'wechaty-puppet-mock' && !parts.puppet
  return startBotRuntime(desk, parts.redis, {
    puppet: parts.puppet ?? (demo ? demoPuppet((line) => process.stdout.write(`${line}\n`)) : undefined),
    showQr: (payload) => void printQr(payload),
    onOnline() {
      workers ??= startWorkers(desk, parts.redisUrl, ['wechaty'])
    },
    async onOffline() {
      const running = workers
      workers = null
      await running?.close(config.SHUTDOWN_TIMEOUT_MS)
    },
  })
}

/** The login QR code, drawn in the terminal for whoever runs the process (the console shows it to unit admins). */
async function printQr(payload: string): Promise<void> {
  const drawing = await QRCode.toString(payload, { type: 'terminal', small: true }).catch(() => null)
  if (!drawing) return
  process.stdout.write(`\n  用机器人号的微信扫码登录 (scan with the bot account's WeChat):\n\n${drawing}\n`)
}
