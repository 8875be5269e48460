import type { ChannelSpec } from '../registry.ts'

/**
 * A WeChat account run as a bot (Wechaty): workers write to it one-to-one or in groups.
 * A worker is their contact id. The account writes to its contacts whenever it likes (no
 * reply window), but only from the one process logged in to it: its sends have their own
 * queue. Cadres may bind their own WeChat to get their notices from the bot.
 */
export const wechatyChannel: ChannelSpec = {
  channel: 'wechaty',
  label: '微信（机器人号）',
  delivery: 'push',
  identity: 'person',
  chatCommands: true,
  honoursUnsubscribe: false,
  queue: 'wechaty',
  cadreNotices: true,
}
