import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { WechatyBuilder, type Wechaty } from 'wechaty'
import type { WorkerDesk } from '../../desk/desk.ts'
import { errorSummary } from '../../lib/error-summary.ts'
import { redisLease } from '../../queue/relay-lease.ts'
import type { RedisClient } from '../../redis/connect.ts'
import { onFriendship, onMessage } from './handlers.ts'
import { botMemory } from './memory.ts'
import { botPacer, paceWindows } from './pace.ts'
import { botSender } from './sender.ts'
import { leaveSeat, takeSeat, type BotSeat } from './seat.ts'
import { writeBotStatus, type BotState, type BotStatus } from './status.ts'

type PuppetOption = NonNullable<Parameters<typeof WechatyBuilder.build>[0]>['puppet']

export type BotRuntimeOptions = {
  /** The puppet: by default the package WECHATY_PUPPET names (tests pass a PuppetMock of their own). */
  puppet?: () => PuppetOption
  /** Shows the login QR code to whoever runs the process (the terminal); never logged. */
  showQr?: (payload: string) => void
  /** The bot logged in while this process holds the lease: start sending. */
  onOnline?: () => Promise<void> | void
  /** It logged out, lost the lease or stops: stop sending (queued sends wait). */
  onOffline?: () => Promise<void> | void
}

export type BotRuntime = {
  /** What this process's bot is doing: standby when another process holds the account. */
  state(): BotState | 'standby'
  /** The running Wechaty instance (logged in or not), for tests and the demo. */
  wechaty(): Wechaty | null
  stop(): Promise<void>
}

/**
 * The bot account, run by the one process that holds its lease in Redis. The lease is taken
 * or renewed every third of WECHATY_LEASE_MS; a process that does not get it is on standby and
 * takes over once the holder has let it run out (stopped, died, or lost Redis). Holding it,
 * the process starts Wechaty with the configured puppet, prints the login QR code, keeps the
 * bot's status in Redis for the console, /healthz and /metrics, and logs each login, logout
 * and reconnect (never a contact's name or what anyone wrote).
 */
export function startBotRuntime(desk: WorkerDesk, redis: RedisClient, opts: BotRuntimeOptions = {}): BotRuntime {
  const config = desk.config
  const prefix = config.QUEUE_PREFIX
  const log = desk.logger.child({ channel: 'wechaty' })
  const leaseMs = config.WECHATY_LEASE_MS
  const lease = redisLease(redis, `${prefix}:wechaty:lease`, leaseMs)
  const memory = botMemory(redis, prefix)
  const pacer = botPacer(redis, prefix, { windows: paceWindows(config.WECHATY_SEND_LIMIT), perContactMs: config.WECHATY_PER_CONTACT_MS, spacingMs: config.WECHATY_SPACING_MS })

  let wechaty: Wechaty | null = null
  let online = false
  let standby = false
  let stopping = false
  let everLoggedIn = false
  let status: BotStatus = { state: 'stopped', since: desk.now().toISOString(), seenAt: desk.now().toISOString(), leaseMs, reconnects: 0 }

  const write = async (next: Partial<BotStatus> & { state?: BotState }) => {
    const now = desk.now().toISOString()
    const changed = next.state !== undefined && next.state !== status.state
    status = { ...status, ...next, seenAt: now, ...(changed ? { since: now } : {}) }
    if (status.state !== 'scan') delete status.qr
    if (status.state !== 'logged_in') delete status.name
    await writeBotStatus(redis, prefix, status).catch((err: unknown) => log.warn({ err: errorSummary(err) }, 'could not write the bot status'))
  }
  const goOffline = async () => {
    if (!online) return
    online = false
    await opts.onOffline?.()
  }

  const seat: BotSeat = {
    desk, memory, pacer,
    bot: () => (online && wechaty?.isLoggedIn ? wechaty : null),
    async sayPaced(chatId, say) {
      for (;;) {
        const wait = await pacer.reserve(chatId)
        if (wait === 0) break
        await new Promise((r) => setTimeout(r, wait))
      }
      await say()
    },
  }
  takeSeat(desk, seat)
  desk.channels.attachSender('wechaty', botSender({ desk, bot: seat.bot, memory }))

  const start = async () => {
    const bot = WechatyBuilder.build({
      name: memoryCardPath(config.DATA_DIR),
      puppet: opts.puppet ? opts.puppet() : (config.WECHATY_PUPPET as PuppetOption),
      ...(config.WECHATY_PUPPET_TOKEN ? { puppetOptions: { token: config.WECHATY_PUPPET_TOKEN } } : {}),
    })
    wechaty = bot
    bot.on('scan', (qr) => {
      desk.metrics.botEvents.inc({ event: 'scan' })
      log.info('waiting for the login QR code to be scanned (shown in the terminal and the console)')
      opts.showQr?.(qr)
      void write({ state: 'scan', qr: qr.slice(0, 2000) })
    })
    bot.on('login', async (user) => {
      const again = everLoggedIn
      everLoggedIn = true
      desk.metrics.botEvents.inc({ event: again ? 'reconnect' : 'login' })
      log.info({ reconnects: status.reconnects + (again ? 1 : 0) }, again ? 'the bot logged in again (reconnected); queued sends go out' : 'the bot logged in')
      await write({ state: 'logged_in', name: user.name().slice(0, 100), reconnects: status.reconnects + (again ? 1 : 0) })
      online = true
      await opts.onOnline?.()
    })
    bot.on('logout', async (_user, reason) => {
      desk.metrics.botEvents.inc({ event: 'logout' })
      log.warn({ reason: typeof reason === 'string' ? reason.slice(0, 100) : undefined }, 'the bot logged out; sends wait until it logs in again')
      await goOffline()
      await write({ state: 'logged_out' })
    })
    bot.on('error', (err) => {
      desk.metrics.botEvents.inc({ event: 'error' })
      log.error({ err: errorSummary(err) }, 'the bot reported an error')
    })
    bot.on('message', (msg) => void onMessage(seat, msg))
    bot.on('friendship', (f) => void onFriendship(seat, f))
    await write({ state: 'starting' })
    await bot.start()
  }

  const stopBot = async () => {
    await goOffline()
    const bot = wechaty
    wechaty = null
    if (bot) await bot.stop().catch((err: unknown) => log.warn({ err: errorSummary(err) }, 'the bot did not stop cleanly'))
  }

  // One pass at a time: a slow puppet start must not overlap the next renewal's decision.
  let pass: Promise<void> = Promise.resolve()
  const tick = () =>
    (pass = pass.then(async () => {
      if (stopping) return
      const held = await lease().catch(() => false)
      if (held && !wechaty) {
        if (standby) desk.metrics.botEvents.inc({ event: 'takeover' })
        log.info(standby ? 'took over the bot account: the other process let its lease run out' : 'holding the bot account’s lease; starting the bot')
        standby = false
        await start().catch(async (err: unknown) => {
          log.error({ err: errorSummary(err) }, 'the bot could not start; trying again at the next renewal')
          await stopBot()
        })
      } else if (held) {
        await write({})
      } else if (wechaty) {
        log.error('lost the bot account’s lease (another process holds it, or Redis was out of reach): stopping this bot')
        await stopBot()
        standby = true
      } else if (!standby) {
        standby = true
        desk.metrics.botEvents.inc({ event: 'standby' })
        log.info('another process runs the bot account; standing by to take over')
      }
    }))
  void tick()
  const timer = setInterval(() => void tick(), Math.max(100, Math.floor(leaseMs / 3)))
  timer.unref()

  return {
    state: () => (standby ? 'standby' : status.state),
    wechaty: () => wechaty,
    async stop() {
      stopping = true
      clearInterval(timer)
      await pass
      const held = wechaty !== null
      await stopBot()
      leaveSeat(desk)
      // The lease is left to run out (it is the relay's lease, kept as it is): a standby process takes over then.
      if (held) await write({ state: 'stopped' })
    },
  }
}

/** Where the puppet keeps its session (the memory card), so a restart need not scan again. */
function memoryCardPath(dataDir: string): string {
  const dir = path.join(dataDir, 'wechaty')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return path.join(dir, 'bot')
}
