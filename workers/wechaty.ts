import { runBotJob } from '../src/channels/wechaty/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * The Wechaty bot's sends: workers' messages (Deliveries) and cadres' notices, one at a time,
 * within the account's pace. Run only by the bot process that holds the account's lease and is
 * logged in (src/node/bot.ts starts it then and closes it on logout); worker processes leave
 * this queue alone, so nothing queued is lost while the bot is away: it waits.
 * The limiter is a backstop ceiling; the pace (src/channels/wechaty/pace.ts) is what holds.
 */
export const wechatyWorker = defineWorker({
  queue: 'wechaty',
  concurrency: 1,
  limiter: { max: 50, duration: 1000 },
  process: (payload, ctx) => runBotJob(payload, ctx),
})
