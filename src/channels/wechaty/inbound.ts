import { types, type Message } from 'wechaty'
import { InboundMessage, type InboundMedia } from '../types.ts'

/** What the bot needs of one Wechaty message, read once: the rules below are plain functions of it. */
export type BotMessage = {
  id: string
  type: types.Message
  /** What the puppet gives as text (for voice, its transcript when it has one). */
  text: string
  /** In a group: the text without the @mentions. */
  textWithoutMentions: string
  self: boolean
  talkerId: string
  roomId?: string
  roomTopic?: string
  mentionSelf: boolean
  at: Date
}

export async function readMessage(msg: Message): Promise<BotMessage> {
  const room = msg.room()
  const text = msg.text() ?? ''
  return {
    id: msg.id,
    type: msg.type(),
    text,
    textWithoutMentions: room ? await msg.mentionText().catch(() => text) : text,
    self: msg.self(),
    talkerId: msg.talker().id,
    ...(room ? { roomId: room.id, roomTopic: await room.topic().catch(() => '') } : {}),
    mentionSelf: room ? await msg.mentionSelf().catch(() => false) : false,
    at: msg.date(),
  }
}

/** Ends a text cut to intake's limit (the same marker as the Official Account's). */
const LONG_TEXT_MARKER = '…（消息过长，已截断）'
const MAX_TEXT = InboundMessage.shape.text.maxLength ?? 4000
const keepWithinLimit = (text: string) => (text.length <= MAX_TEXT ? text : text.slice(0, MAX_TEXT - LONG_TEXT_MARKER.length).replace(/[\ud800-\udbff]$/, '') + LONG_TEXT_MARKER)

export type Decision = { take: true; text: string; media: InboundMedia[] } | { take: false; why: 'self' | 'not_for_the_bot' | 'unsupported' | 'empty' }

/**
 * Which messages are the desk's. One-to-one: all a worker can send that the desk reads
 * (text, voice, pictures, video, files, links). In a group: only those that @mention the bot
 * or start with one of the keywords (WECHATY_KEYWORDS); everything else is the group's own talk.
 * Voice: the puppet's transcript when it gives one, else '[语音]'; pictures and other media are
 * kept as references (the message id), not fetched.
 */
export function decide(m: BotMessage, keywords: readonly string[]): Decision {
  if (m.self) return { take: false, why: 'self' }
  let text = m.roomId ? m.textWithoutMentions.trim() : m.text.trim()
  if (m.roomId) {
    const keyword = keywords.find((k) => text.startsWith(k))
    if (!m.mentionSelf && !keyword) return { take: false, why: 'not_for_the_bot' }
  }
  const ref = { mediaId: m.id }
  let media: InboundMedia[] = []
  switch (m.type) {
    case types.Message.Text:
      break
    case types.Message.Audio:
      // A transcript is plain words; some puppets put the voice's XML description in text instead.
      text = text && !text.startsWith('<') ? text : '[语音]'
      media = [{ kind: 'voice', ...ref }]
      break
    case types.Message.Image:
      text = ''
      media = [{ kind: 'image', ...ref }]
      break
    case types.Message.Video:
      text = ''
      media = [{ kind: 'video', ...ref }]
      break
    case types.Message.Attachment:
      text = ''
      media = [{ kind: 'file', ...ref }]
      break
    case types.Message.Url:
      media = [{ kind: 'link', ...ref }]
      break
    default:
      return { take: false, why: 'unsupported' }
  }
  if (!text && media.length === 0) return { take: false, why: 'empty' }
  return { take: true, text: keepWithinLimit(text), media }
}

/** The message as intake takes it. In a bound group, the unit's code is the org hint (intake's unitFromHint reads codes). */
export function toInbound(m: BotMessage, d: Extract<Decision, { take: true }>, unitCode?: string): InboundMessage {
  return {
    channel: 'wechaty',
    externalUserId: m.talkerId,
    externalMessageId: m.id,
    text: d.text,
    media: d.media,
    profile: unitCode ? { orgHint: unitCode } : {},
    receivedAt: m.at,
  }
}
