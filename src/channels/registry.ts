import type { QueueName } from '../queue/jobs.ts'
import type { Channel, ChannelSender, ReplyWindowState } from './types.ts'

/**
 * What each channel is, as the desk needs to know it. Intake and delivery ask here; no desk
 * code tests a channel's name. A channel adapter registers its spec (always, in every
 * process, so a web-only process still knows how WeChat behaves) and its sender (only in a
 * process that can send on it).
 */
export type ChannelSpec = {
  channel: Channel
  /** How the desk names the channel to cadres. */
  label: string
  /**
   * push: the desk sends to the worker through the channel's sender.
   * inbox: the worker reads what the desk wrote where they wrote from (the web portal); nothing is sent.
   */
  delivery: 'push' | 'inbox'
  /**
   * Who an identity on this channel is. person: one worker, who may bring several matters
   * over time (an OpenID). request: one request (a web ticket, opened with its number and
   * access code): everything it writes belongs to that ticket while it is open, and a new
   * request gets an access code.
   */
  identity: 'person' | 'request'
  /** Chat commands (进度, a ticket number) apply: a chat has no pages to look things up on. */
  chatCommands: boolean
  /**
   * How long, and how often, the desk may write freely after the worker last wrote
   * (WeChat: 48 hours, 5 messages); outside it the sender uses its fallback or defers.
   * `via` names the sends that use the window up.
   */
  replyWindow?: { ms: number; messages: number; via: string }
  /** The worker can turn the channel off (unfollow an account): later pushes fail for good. */
  honoursUnsubscribe: boolean
  /**
   * The queue its sends go on (default 'outbound', which every worker process consumes). A channel
   * that only one process can send on (the bot, logged in to one WeChat account) names its own,
   * consumed only there.
   */
  queue?: Extract<QueueName, 'outbound' | 'wechaty'>
  /** Cadres can bind their own account on this channel and get their notices there (to-cadres.ts). */
  cadreNotices?: boolean
}

export class ChannelRegistry {
  private readonly specs = new Map<Channel, ChannelSpec>()
  private readonly senders = new Map<Channel, ChannelSender>()

  constructor(specs: readonly ChannelSpec[] = []) {
    for (const s of specs) this.register(s)
  }

  register(spec: ChannelSpec): this {
    this.specs.set(spec.channel, spec)
    return this
  }

  /** Called by an adapter that can send from this process. */
  attachSender(channel: Channel, sender: ChannelSender): this {
    if (!this.specs.has(channel)) throw new Error(`channel ${channel} has no spec: register it before attaching a sender`)
    this.senders.set(channel, sender)
    return this
  }

  spec(channel: string): ChannelSpec {
    const spec = this.specs.get(channel as Channel)
    if (!spec) throw new Error(`unknown channel ${channel}: no adapter registered it`)
    return spec
  }

  /** The sender in this process, if there is one: a push channel without one here waits for a process that has it. */
  sender(channel: string): ChannelSender | undefined {
    return this.senders.get(channel as Channel)
  }

  /** Whether the spec's reply window is open, given when the worker last wrote and how many window sends went out since. */
  windowState(channel: string, lastInboundAt: Date | null, sentSinceInbound: number, now: Date): ReplyWindowState {
    const w = this.spec(channel).replyWindow
    if (!w) return 'none'
    const open = lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < w.ms && sentSinceInbound < w.messages
    return open ? 'open' : 'closed'
  }
}
