import type { ChannelSpec } from './registry.ts'

/**
 * The web portal and API: the worker writes on a page and reads the answers on the
 * ticket's page (the portal inbox). Each new request is its own identity, opened again
 * with its ticket number and access code: a phone or a name typed on a page proves nothing. The desk has no way to reach them unprompted, so
 * nothing is pushed, and the portal's own pages replace chat commands.
 */
export const webChannel: ChannelSpec = {
  channel: 'web',
  label: '网页',
  delivery: 'inbox',
  identity: 'request',
  chatCommands: false,
  honoursUnsubscribe: false,
}
