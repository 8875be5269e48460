import type { ChannelSpec } from './registry.ts'
import { webChannel } from './web.ts'
import { officialAccountChannel } from './wechat-oa/channel.ts'
import { wechatyChannel } from './wechaty/channel.ts'

/**
 * Every channel's spec, registered in every process (nodeDesk), and read where the desk
 * decides inside a transaction, with no registry at hand: which queue a channel's sends go
 * on, and which channels carry cadre notices. Specs are constants; senders are not here.
 */
export const channelSpecs: readonly ChannelSpec[] = [webChannel, officialAccountChannel, wechatyChannel]

/** The queue that sends on this channel (its spec's, else the shared 'outbound'). */
export const deliveryQueueOf = (channel: string): 'outbound' | 'wechaty' => channelSpecs.find((s) => s.channel === channel)?.queue ?? 'outbound'

/** The queues any channel's sends go on: the reconciler looks for a delivery's job in each. */
export const deliveryQueues: readonly ('outbound' | 'wechaty')[] = [...new Set(channelSpecs.map((s) => s.queue ?? 'outbound'))]
