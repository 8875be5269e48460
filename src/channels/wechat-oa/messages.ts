import { z } from 'zod'
import { InboundMessage, type InboundMedia } from '../types.ts'
import { menuActionForKey, type MenuAction } from './menu.ts'
import type { XmlDocument } from './xml.ts'

/**
 * WeChat's callback documents (消息 and 事件推送), one zod schema per type, and their
 * translation into the desk's shapes: an {@link InboundMessage} for what a worker *said*,
 * an {@link OfficialAccountEvent} for what a worker *did* (followed, clicked a menu, scanned).
 *
 * All values arrive as strings (see xml.ts); numbers are checked here with patterns so that
 * a 64-bit MsgId never passes through a JavaScript number.
 */

export class MessageSchemaError extends Error {
  override name = 'MessageSchemaError'
}

const str = z.string()
const nonEmpty = z.string().min(1)
const digits = z.string().regex(/^[0-9]{1,20}$/)
const decimal = z.string().regex(/^-?[0-9]{1,3}(\.[0-9]{1,12})?$/)

const envelope = {
  /** The account's original ID (gh_…): the sender of our passive reply. */
  ToUserName: nonEmpty.max(64),
  /** The worker's OpenID for this account. */
  FromUserName: nonEmpty.max(128),
  /** Unix seconds. Ten digits reach 2286; more is no date at all, and intake would refuse it on every retry. */
  CreateTime: z.string().regex(/^[0-9]{1,10}$/),
}

const TextMessage = z.object({ ...envelope, MsgType: z.literal('text'), Content: str, MsgId: digits })
const ImageMessage = z.object({ ...envelope, MsgType: z.literal('image'), PicUrl: str.optional(), MediaId: nonEmpty, MsgId: digits })
const VoiceMessage = z.object({
  ...envelope,
  MsgType: z.literal('voice'),
  MediaId: nonEmpty,
  Format: str.optional(),
  /** Present only when 语音识别 is switched on for the account. */
  Recognition: str.optional(),
  MsgId: digits,
})
const VideoMessage = z.object({
  ...envelope,
  MsgType: z.enum(['video', 'shortvideo']),
  MediaId: nonEmpty,
  ThumbMediaId: str.optional(),
  MsgId: digits,
})
const LocationMessage = z.object({
  ...envelope,
  MsgType: z.literal('location'),
  Location_X: decimal,
  Location_Y: decimal,
  Scale: str.optional(),
  Label: str.optional(),
  MsgId: digits,
})
const LinkMessage = z.object({
  ...envelope,
  MsgType: z.literal('link'),
  Title: str.optional(),
  Description: str.optional(),
  Url: str,
  MsgId: digits,
})
const EventDocument = z.object({
  ...envelope,
  MsgType: z.literal('event'),
  Event: nonEmpty.max(64),
  EventKey: str.max(1024).optional(),
  Ticket: str.optional(),
  Latitude: decimal.optional(),
  Longitude: decimal.optional(),
  Precision: str.optional(),
  /** TEMPLATESENDJOBFINISH spells it MsgID. */
  MsgID: digits.optional(),
  Status: str.optional(),
})

const MessageDocument = z.discriminatedUnion('MsgType', [
  TextMessage,
  ImageMessage,
  VoiceMessage,
  VideoMessage,
  LocationMessage,
  LinkMessage,
  EventDocument,
])

type EventBase = {
  /** The worker's OpenID. */
  openId: string
  /** The account's original ID (gh_…). */
  accountId: string
  createdAt: Date
  /**
   * Events carry no MsgId. WeChat's guidance is to deduplicate them by FromUserName +
   * CreateTime; the event name is added so that two different events in one second stay apart.
   */
  dedupeKey: string
}

/** Something a worker did rather than said. */
export type OfficialAccountEvent = EventBase &
  (
    | {
        type: 'subscribe'
        /** Set when the worker followed by scanning a parametric QR code (EventKey "qrscene_<scene>"). */
        scene?: string
        ticket?: string
      }
    | { type: 'unsubscribe' }
    /** An already-following worker scanned a parametric QR code. */
    | { type: 'scan'; scene: string; ticket?: string }
    /** A CLICK menu button; `action` is set for the desk's own keys (menu.ts). */
    | { type: 'menu_click'; key: string; action?: MenuAction }
    | { type: 'menu_view'; url: string }
    | { type: 'location_report'; latitude: number; longitude: number; precision?: string }
    /** WeChat's delivery report for a template message: the outbound queue can update its Delivery. */
    | { type: 'template_send_finished'; msgId: string; status: string }
    /** Any other event (MASSSENDJOBFINISH, scancode_push, …), passed on untouched by name. */
    | { type: 'other'; event: string }
  )

/** Who sent the callback and to which account: everything a passive reply needs. */
export type ReplyAddress = { openId: string; accountId: string }

export type NormalisedCallback =
  /** `originalTextLength` is set when the text was cut to intake's limit (see {@link keepWithinLimit}). */
  | { kind: 'message'; message: InboundMessage; address: ReplyAddress; originalTextLength?: number }
  | { kind: 'event'; event: OfficialAccountEvent; address: ReplyAddress }
  /** A message type the desk cannot take (a mini-program card, a file…): answered, not stored. */
  | { kind: 'unsupported'; msgType: string; address: ReplyAddress }

const KNOWN_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event'])

const fromUnix = (seconds: string) => new Date(Number(seconds) * 1000)

/** Ends a text cut to intake's limit, so that whoever reads it knows the rest is missing. */
export const LONG_TEXT_MARKER = '…（消息过长，已截断）'
const MAX_TEXT = InboundMessage.shape.text.maxLength ?? Infinity

/**
 * WeChat takes texts longer than intake does (and 10,000 `&#65;` fit in 64 KB). Refusing them
 * loses the message, and an error makes WeChat retry into the same wall, so keep the first part
 * and say so. Cut at a code point, never inside an emoji's surrogate pair.
 */
const keepWithinLimit = (text: string): string => {
  if (text.length <= MAX_TEXT) return text
  let end = MAX_TEXT - LONG_TEXT_MARKER.length
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end-- // a high surrogate whose partner would be cut off
  return text.slice(0, end) + LONG_TEXT_MARKER
}

const toMessage = (doc: Exclude<z.infer<typeof MessageDocument>, { MsgType: 'event' }>): InboundMessage => {
  let text = ''
  let media: InboundMedia[] = []
  switch (doc.MsgType) {
    case 'text':
      text = doc.Content
      break
    case 'voice':
      // WeChat's own speech recognition, when the account has it switched on, is the text.
      text = doc.Recognition ?? ''
      media = [{ kind: 'voice', mediaId: doc.MediaId }]
      break
    case 'image':
      media = [{ kind: 'image', mediaId: doc.MediaId, ...(doc.PicUrl ? { url: doc.PicUrl } : {}) }]
      break
    case 'video':
    case 'shortvideo':
      media = [{ kind: 'video', mediaId: doc.MediaId }]
      break
    case 'location':
      text = doc.Label ?? ''
      media = [
        {
          kind: 'location',
          latitude: Number(doc.Location_X),
          longitude: Number(doc.Location_Y),
          ...(doc.Label ? { label: doc.Label } : {}),
        },
      ]
      break
    case 'link':
      text = [doc.Title, doc.Description].filter((s) => s !== undefined && s !== '').join('\n')
      media = [{ kind: 'link', url: doc.Url, ...(doc.Title ? { title: doc.Title } : {}) }]
      break
  }
  return {
    channel: 'wechat_oa',
    externalUserId: doc.FromUserName,
    externalMessageId: doc.MsgId,
    text,
    media,
    profile: {},
    // CreateTime, not our clock: it is the moment the worker sent it, and it stays the same
    // when WeChat retries the delivery.
    receivedAt: fromUnix(doc.CreateTime),
  }
}

const toEvent = (doc: z.infer<typeof EventDocument>): OfficialAccountEvent => {
  const name = doc.Event.toLowerCase()
  const base: EventBase = {
    openId: doc.FromUserName,
    accountId: doc.ToUserName,
    createdAt: fromUnix(doc.CreateTime),
    dedupeKey: `${doc.FromUserName}-${doc.CreateTime}-${name}`,
  }
  const key = doc.EventKey ?? ''
  switch (name) {
    case 'subscribe': {
      const scene = key.startsWith('qrscene_') ? key.slice('qrscene_'.length) : undefined
      return { ...base, type: 'subscribe', ...(scene ? { scene } : {}), ...(doc.Ticket ? { ticket: doc.Ticket } : {}) }
    }
    case 'unsubscribe':
      return { ...base, type: 'unsubscribe' }
    case 'scan':
      return { ...base, type: 'scan', scene: key, ...(doc.Ticket ? { ticket: doc.Ticket } : {}) }
    case 'click': {
      const action = menuActionForKey(key)
      return { ...base, type: 'menu_click', key, ...(action ? { action } : {}) }
    }
    case 'view':
      return { ...base, type: 'menu_view', url: key }
    case 'location':
      if (doc.Latitude === undefined || doc.Longitude === undefined) throw new MessageSchemaError('LOCATION event without coordinates')
      return {
        ...base,
        type: 'location_report',
        latitude: Number(doc.Latitude),
        longitude: Number(doc.Longitude),
        ...(doc.Precision ? { precision: doc.Precision } : {}),
      }
    case 'templatesendjobfinish':
      if (doc.MsgID === undefined) throw new MessageSchemaError('TEMPLATESENDJOBFINISH without MsgID')
      return { ...base, type: 'template_send_finished', msgId: doc.MsgID, status: doc.Status ?? '' }
    default:
      return { ...base, type: 'other', event: doc.Event }
  }
}

/**
 * Validates one parsed callback document and turns it into a desk message or event.
 * Throws {@link MessageSchemaError} when a known type is missing fields or has malformed ones.
 */
export const normaliseCallback = (doc: XmlDocument): NormalisedCallback => {
  const msgType = typeof doc.MsgType === 'string' ? doc.MsgType : ''
  if (!KNOWN_TYPES.has(msgType)) {
    const address = z.object(envelope).safeParse(doc)
    if (!address.success) throw new MessageSchemaError('callback without sender or account')
    return { kind: 'unsupported', msgType: msgType.slice(0, 32), address: { openId: address.data.FromUserName, accountId: address.data.ToUserName } }
  }
  const parsed = MessageDocument.safeParse(doc)
  if (!parsed.success) {
    throw new MessageSchemaError(`invalid ${msgType} callback: ${fieldNames(parsed.error)}`)
  }
  const address = { openId: parsed.data.FromUserName, accountId: parsed.data.ToUserName }
  if (parsed.data.MsgType === 'event') return { kind: 'event', event: toEvent(parsed.data), address }
  const full = toMessage(parsed.data)
  const message = { ...full, text: keepWithinLimit(full.text) }
  // Intake parses the message again. What it would refuse is refused here, as a 400: past this
  // point the webhook cannot tell a bad message from a failed store.
  const checked = InboundMessage.safeParse(message)
  if (!checked.success) throw new MessageSchemaError(`invalid ${msgType} message: ${fieldNames(checked.error)}`)
  const cut = message.text !== full.text
  return { kind: 'message', message, address, ...(cut ? { originalTextLength: full.text.length } : {}) }
}

/** Field names only: issue messages could quote values, and values are personal data. */
const fieldNames = (error: z.ZodError) => error.issues.map((i) => i.path.join('.')).join(', ')
