import type { Wechaty } from 'wechaty'
import type { Desk } from '../../desk/desk.ts'
import { detectScript, inScript } from '../../text/script.ts'
import { renderTemplate } from '../../text/templates.ts'
import { SendError, type ChannelSender, type SendOutcome, type SendRequest } from '../types.ts'
import type { BotMemory } from './memory.ts'

/** The desk's one-line acknowledgement in a group (purpose of its Delivery): the group reads only this. */
export const GROUP_ACK = 'group_ack'
/** The desk's answer to the worker's own message (intake's reply): in a group, the acknowledgement stands for it. */
const INTAKE_REPLY = 'deferred_reply'

/**
 * The bot's way out, used by deliver() in the bot process only. Where a message goes is the
 * group rule, decided at send time from what the bot knows now:
 *
 * - the acknowledgement of a group message goes to that group, @mentioning the worker
 *   (its text holds the ticket number and nothing else);
 * - anything else goes to the worker one-to-one when they wrote one-to-one, or when they wrote
 *   from a group and the bot has them as a contact (a friend);
 * - a worker who wrote from a group and is not the bot's contact: the message waits (deferred)
 *   until they write to the bot again, and for a later answer (a cadre's reply, a notice, a
 *   push) the group reads once only "@name 您的求助 NJ-… 有新回复，请加我为好友查看".
 *
 * Nothing the worker or a cadre wrote is ever posted in a group.
 */
export function botSender(deps: { desk: Desk; bot: () => Wechaty | null; memory: BotMemory }): ChannelSender {
  const { desk, memory } = deps
  return {
    async send(req: SendRequest): Promise<SendOutcome> {
      const bot = deps.bot()
      if (!bot?.isLoggedIn) throw new SendError('the bot is not logged in', 'bot_offline', true)
      const contact = await bot.Contact.find({ id: req.externalUserId })
      try {
        if (req.purpose === GROUP_ACK) {
          const roomId = await memory.roomOfDelivery(req.deliveryId)
          const room = roomId ? await bot.Room.find({ id: roomId }) : undefined
          if (!room) return { status: 'deferred', reason: 'the group is gone or unknown' }
          await (contact ? room.say(req.text, contact) : room.say(req.text))
          return { status: 'sent', via: 'group' }
        }
        const roomId = await memory.lastRoom(req.externalUserId)
        if (contact && (!roomId || contact.friend() === true)) {
          await contact.say(req.text)
          return { status: 'sent', via: 'direct' }
        }
        if (!roomId) throw new SendError('the bot has no such contact', 'no_contact', false)
        // Not a friend, last seen in a group: the group hears only that there is an answer, once per message.
        if (req.purpose !== INTAKE_REPLY && (await memory.once('group-notice', req.deliveryId))) {
          const room = await bot.Room.find({ id: roomId })
          const text = await newReplyText(desk, req.deliveryId)
          if (room && text) await (contact ? room.say(text, contact) : room.say(text))
        }
        return { status: 'deferred', reason: 'not the bot’s contact yet: waits until the worker writes to the bot' }
      } catch (err) {
        if (err instanceof SendError) throw err
        // The puppet failed (network, a session that just ended): retried with backoff.
        throw new SendError(`the puppet could not send: ${(err as Error).message.slice(0, 200)}`, 'puppet_error', true)
      }
    },
  }
}

/** "您的求助 NJ-… 有新回复", in the script the worker writes; null when the message belongs to no ticket. */
async function newReplyText(desk: Desk, deliveryId: string): Promise<string | null> {
  const d = await desk.db.delivery.findUnique({ where: { id: deliveryId }, select: { workerId: true, ticket: { select: { number: true } } } })
  if (!d?.ticket) return null
  const last = await desk.db.message.findFirst({ where: { workerId: d.workerId, direction: 'in' }, orderBy: { createdAt: 'desc' }, select: { text: true } })
  return inScript(renderTemplate(desk.wording.texts('wechaty')['group-new-reply'], { ticketNumber: d.ticket.number }), detectScript(last?.text ?? ''))
}
