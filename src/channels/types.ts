import { z } from 'zod'
import { cleanText } from '../lib/clean-text.ts'

/**
 * The one shape every channel adapter turns its wire format into. Intake
 * (src/desk/intake/) is channel-blind and only ever sees this.
 */
export const channels = ['web', 'wechat_oa', 'wechaty'] as const
export const Channel = z.enum(channels)
export type Channel = z.infer<typeof Channel>

export const InboundMedia = z.object({
  kind: z.enum(['image', 'voice', 'video', 'location', 'link', 'file']),
  mediaId: z.string().overwrite(cleanText).optional(),
  url: z.string().overwrite(cleanText).optional(),
  title: z.string().overwrite(cleanText).optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  label: z.string().overwrite(cleanText).optional(),
})
export type InboundMedia = z.infer<typeof InboundMedia>

export const InboundMessage = z.object({
  channel: Channel,
  /** Who wrote, as the channel knows them (OpenID, contact id, phone hash for the web). */
  externalUserId: z.string().min(1).max(128),
  /** The channel's id for this message: the deduplication key with `channel`. */
  externalMessageId: z.string().min(1).max(128),
  /**
   * What the worker said, in their own script. May be empty for a picture or a location.
   * An adapter whose channel allows longer texts cuts them, with a marker, rather than lose them.
   */
  text: z.string().overwrite(cleanText).max(4000),
  media: z.array(InboundMedia).default([]),
  /** Optional facts the channel knows: a name, a phone, an org hint (unit code or place). */
  profile: z
    .object({ name: z.string().overwrite(cleanText).max(50).optional(), phone: z.string().overwrite(cleanText).max(20).optional(), orgHint: z.string().overwrite(cleanText).max(100).optional() })
    .default({}),
  /** Consent the channel collected on its own form (the portal's checkbox for sensitive facts, PIPL art. 29). */
  consent: z.object({ sensitive: z.boolean() }).optional(),
  receivedAt: z.date(),
})
export type InboundMessage = z.input<typeof InboundMessage>

/** What intake answers, ready for a channel to turn into its own reply format. */
export type IntakeResult = {
  /** true when this (channel, externalMessageId) was seen before: nothing new was created. */
  duplicate: boolean
  /** The ticket the message opened, continued or asked about; null when a command found none. */
  ticketNumber: string | null
  /**
   * "opened": a new ticket. "continued": added to the worker's open one. "answered": the desk
   * answered without touching a ticket's work: a command such as 进度, or a rating of a closed ticket.
   */
  outcome: 'opened' | 'continued' | 'answered'
  /** The reply to show the worker, already in the script they wrote in. */
  reply: string
  /** A new web request's access code, in plain text this once (only its hash is kept). */
  accessCode?: string
  /**
   * The web only: the key that continues this conversation before a ticket exists (the desk
   * asked "哪方面的事？"). Sent back as `conversation` with the next message.
   */
  conversation?: string
}

/** What a sender is told about the channel's reply window, computed by the desk from the channel's spec. */
export type ReplyWindowState = 'open' | 'closed' | 'none'

/** What a channel needs to send one message: who, what, and what it knows of the conversation window. */
export type SendRequest = {
  deliveryId: string
  externalUserId: string
  text: string
  purpose: string
  /**
   * The channel's reply window (its spec's rule, counted by the desk): open, the channel may
   * write freely; closed, it must use its fallback (a template notice) or defer; none, the
   * channel has no such rule.
   */
  window: ReplyWindowState
}

/** sent: it left. deferred: the channel cannot carry it now; it goes out the next time the worker writes. */
export type SendOutcome = { status: 'sent'; via: string } | { status: 'deferred'; reason: string }

/** Thrown by a sender. retryable: try again later (busy, rate limit, network); otherwise the delivery has failed for good. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    /** When trying again can work at all (a daily quota resets at midnight); sooner retries are wasted. */
    readonly retryAt?: Date,
  ) {
    super(message)
    this.name = 'SendError'
  }
}

/** One channel's way out. Adapters implement it; the outbound queue calls it. */
export interface ChannelSender {
  send(req: SendRequest): Promise<SendOutcome>
}
