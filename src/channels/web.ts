import type { ChannelSpec } from './registry.ts'

/**
 * The web portal and API: the worker writes on a page and reads the answers on the
 * ticket's page (the portal inbox). The desk has no way to reach them unprompted, so
 * nothing is pushed, and the portal's own pages replace chat commands.
 */
export const webChannel: ChannelSpec = {
  channel: 'web',
  label: '网页',
  delivery: 'inbox',
  chatCommands: false,
  honoursUnsubscribe: false,
}
