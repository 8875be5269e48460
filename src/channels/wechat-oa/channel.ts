import type { ChannelSpec } from '../registry.ts'

/** WeChat lets an account write freely for 48 hours after the worker last wrote, at most 5 times (客服消息). */
export const CUSTOMER_SERVICE_WINDOW_MS = 48 * 3600_000
export const CUSTOMER_SERVICE_LIMIT = 5

/** The Official Account (公众号) as the desk sees it. */
export const officialAccountChannel: ChannelSpec = {
  channel: 'wechat_oa',
  label: '微信公众号',
  delivery: 'push',
  identity: 'person',
  chatCommands: true,
  replyWindow: { ms: CUSTOMER_SERVICE_WINDOW_MS, messages: CUSTOMER_SERVICE_LIMIT, via: 'customer_service' },
  honoursUnsubscribe: true,
}
