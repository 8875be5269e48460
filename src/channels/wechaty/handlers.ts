import { types, type Friendship, type Message } from 'wechaty'
import { cadreByContact, groupUnit, seenGroup } from '../../desk/chat-links/index.ts'
import { receiveMessage } from '../../desk/intake/index.ts'
import { releaseDeferred, stageWorkerMessage } from '../../desk/messaging/index.ts'
import { workerIdOf } from '../../desk/people/index.ts'
import { inTransaction } from '../../db/transaction.ts'
import { errorSummary } from '../../lib/error-summary.ts'
import { flushOutbox } from '../../queue/outbox.ts'
import { detectScript, inScript } from '../../text/script.ts'
import { renderTemplate } from '../../text/templates.ts'
import { answerAsCadre, bindIfAsked } from './cadres.ts'
import { decide, readMessage, toInbound, type BotMessage } from './inbound.ts'
import { GROUP_ACK } from './sender.ts'
import type { BotSeat } from './seat.ts'

const CHANNEL = 'wechaty'

/** How logs name a contact: the desk's keyed index, so nobody can tell who it was from a log line. */
export const logName = (seat: BotSeat, contactId: string) => seat.desk.crypto.blindIndex(`log:${CHANNEL}:${contactId}`).slice(0, 12)

/**
 * One message the bot received. The bot's own are skipped; a group is reported to the desk (so
 * a unit admin can bind it); a linked cadre's one-to-one message is their answer or a binding;
 * a worker's message goes through intake like every channel's, and its answer through the bot's queue.
 */
export async function onMessage(seat: BotSeat, msg: Message): Promise<void> {
  const m = await readMessage(msg)
  if (m.self) return
  const { desk } = seat
  const log = desk.logger.child({ channel: CHANNEL, user: logName(seat, m.talkerId), message: m.id })
  try {
    if (m.roomId && (await seat.memory.groupToReport(m.roomId))) {
      await seenGroup(desk.db, { channel: CHANNEL, groupId: m.roomId, topic: m.roomTopic ?? '', at: desk.now() })
    }
    const cadreId = await cadreByContact(desk.db, { channel: CHANNEL, contactId: m.talkerId })
    if (!m.roomId && m.type === types.Message.Text) {
      const say = (text: string) => seat.sayPaced(m.talkerId, () => msg.talker().say(text))
      if (await bindIfAsked(desk, m.talkerId, m.text, desk.now(), say)) return
      if (cadreId) {
        await answerAsCadre(desk, seat.memory, { cadreId, messageId: m.id, text: m.text }, say)
        return
      }
    }
    // A cadre's talk in a group is not a worker's request.
    if (cadreId) return
    await fromWorker(seat, m, log)
  } catch (err) {
    log.error({ err: errorSummary(err) }, 'could not take a message from WeChat')
  }
}

async function fromWorker(seat: BotSeat, m: BotMessage, log: BotSeat['desk']['logger']): Promise<void> {
  const { desk } = seat
  const decision = decide(m, desk.config.WECHATY_KEYWORDS)
  if (!decision.take) {
    if (decision.why !== 'not_for_the_bot') log.debug({ why: decision.why }, 'message not taken')
    return
  }
  const unit = m.roomId ? await groupUnit(desk.db, { channel: CHANNEL, groupId: m.roomId }) : null
  // Where the answer goes follows where the worker wrote from (sender.ts).
  await seat.memory.wroteFrom(m.talkerId, m.roomId ?? null)
  const receipt = await receiveMessage(desk, toInbound(m, decision, unit?.unitCode))
  if (receipt.duplicate) {
    log.info('message seen before; nothing new')
    return
  }
  // Stored: should processing fail now, the intake queue finishes it and sends the answer.
  const result = await receipt.process()
  const stored = await desk.db.message.findUniqueOrThrow({ where: { id: receipt.messageId }, select: { workerId: true, ticketId: true } })
  const rows = await inTransaction(desk.db, async (tx) => {
    const staged = []
    if (m.roomId) {
      const friend = (await seat.bot()?.Contact.find({ id: m.talkerId }))?.friend() === true
      const text = inScript(renderTemplate(desk.wording.texts('wechaty')['group-ack'], { ticketNumber: result.ticketNumber ?? '', friend }), detectScript(m.text))
      const ack = await stageWorkerMessage(tx, { workerId: stored.workerId, channel: CHANNEL, ticketId: stored.ticketId ?? undefined, text, purpose: GROUP_ACK, at: desk.now() })
      await seat.memory.ackFor(ack.deliveryId, m.roomId)
      staged.push(ack.job)
    }
    // The whole answer: one-to-one (or, for a worker in a group who is not the bot's contact yet, when they write to it).
    staged.push((await stageWorkerMessage(tx, { workerId: stored.workerId, channel: CHANNEL, ticketId: stored.ticketId ?? undefined, text: result.reply, purpose: 'deferred_reply', at: desk.now() })).job)
    return staged
  })
  await flushOutbox(desk, rows)
  log.info({ ticket: result.ticketNumber, outcome: result.outcome, group: m.roomId !== undefined, boundGroup: unit !== null }, 'message taken; answer queued')
}

/**
 * Someone asks to be the bot's contact (the group acknowledgement asks workers to): accepted, and
 * whatever waited for them (answers the group could not carry) goes out one-to-one now.
 */
export async function onFriendship(seat: BotSeat, friendship: Friendship): Promise<void> {
  if (friendship.type() !== types.Friendship.Receive) return
  const contactId = friendship.contact().id
  try {
    await friendship.accept()
    seat.desk.logger.info({ channel: CHANNEL, user: logName(seat, contactId) }, 'accepted a contact request')
    const workerId = await workerIdOf(seat.desk, CHANNEL, contactId)
    if (workerId) await releaseDeferred(seat.desk, workerId, CHANNEL)
  } catch (err) {
    seat.desk.logger.warn({ channel: CHANNEL, err: errorSummary(err) }, 'could not accept a contact request')
  }
}
