import type { IntakeResult } from '../../channels/types.ts'
import type { Tx } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Message, OutboxJob } from '../../generated/prisma/client.ts'
import { localDateOf } from '../../lib/time/index.ts'
import {
  answerStatus, idle, recordSensitiveConsent, requestErasure, saveConversation, thanksAsSatisfaction,
  type Command, type ConversationState, type KnowledgeEntry, type SmallTalk,
} from '../conversation/index.ts'
import type { Desk } from '../desk.ts'
import { activeSubscriptions, countMatchingOpen, describeSubscription, subscribeFromText, subscriptionReply, unsubscribe } from '../postings/index.ts'
import { claimMessage } from './claim.ts'
import type { IntakeContext } from './context.ts'
import { AlreadyProcessed, welcomeBack } from './on-ticket.ts'
import { privacyNotice } from './privacy-notice.ts'

/** What the desk answers without opening or continuing a ticket. */
export type Spoken =
  | { kind: 'command'; command: Exclude<Command, { kind: 'human' }> }
  | { kind: 'small_talk'; talk: SmallTalk }
  | { kind: 'knowledge'; entry: KnowledgeEntry }
  | { kind: 'consent'; granted: boolean }

/** Thanks within this long after a case was closed are about that case. */
const THANKS_AFTER_CLOSE_MS = 30 * 24 * 3600_000

/**
 * Answers the message in one transaction: the message is taken for this answer (so a repeat
 * gets the same words, and nothing happens twice), the conversation moves on, and whatever
 * the answer records (an erasure request, consent, thanks as satisfaction) is written with it.
 */
export async function answerWithoutTicket(desk: Desk, message: Message, ctx: IntakeContext, spoken: Spoken): Promise<{ result: IntakeResult; staged: OutboxJob[] }> {
  return inTransaction(desk.db, async (tx) => {
    if (!(await claimMessage(tx, message.id, { kind: spoken.kind === 'small_talk' && spoken.talk === 'spam' ? 'spam' : 'conversation' }))) throw new AlreadyProcessed()
    const now = desk.now()
    const { reply, ticketNumber, next } = await say(tx, desk, message, ctx, spoken)
    const text = [...(await privacyNotice(tx, desk, message, ctx)), reply].join('\n\n')
    await tx.message.update({ where: { id: message.id }, data: { answer: text } })
    if (next) await saveConversation(tx, { workerId: message.workerId, channel: message.channel }, next, { now, idleSeconds: desk.config.CONVERSATION_IDLE_SECONDS })
    return { result: { duplicate: false, ticketNumber, outcome: 'answered', reply: text }, staged: [] }
  })
}

type Said = { reply: string; ticketNumber: string | null; next?: ConversationState }

async function say(tx: Tx, desk: Desk, message: Message, ctx: IntakeContext, spoken: Spoken): Promise<Said> {
  const now = desk.now()
  const r = desk.replies
  const open = ctx.latestOpen
  switch (spoken.kind) {
    case 'knowledge':
      return { reply: r.render('knowledge-answer', { title: spoken.entry.title, answer: spoken.entry.answer }), ticketNumber: null }
    case 'consent':
      // Consent with no case to ask about yet: kept for when one opens.
      await recordSensitiveConsent(tx, { workerId: message.workerId, granted: spoken.granted, ticketId: null, via: message.channel, at: now })
      return { reply: spoken.granted ? r.render('thanks', {}) : r.render('consent-refused', { ticketNumber: '' }), ticketNumber: null, next: idle }
    case 'command':
      return command(tx, desk, message, ctx, spoken.command)
    case 'small_talk': {
      const talk = spoken.talk
      if (talk === 'status_question') {
        const status = await answerStatus(tx, desk.replies, message.workerId, {})
        return { reply: status.reply, ticketNumber: status.ticketNumber }
      }
      if (talk === 'thanks') {
        const closed = await tx.ticket.findFirst({ where: { workerId: message.workerId, status: 'closed', closedAt: { gte: new Date(now.getTime() - THANKS_AFTER_CLOSE_MS) } }, orderBy: { closedAt: 'desc' } })
        if (closed && !open) {
          await thanksAsSatisfaction(tx, closed, now)
          return { reply: r.render('thanks-after-case', { ticketNumber: closed.number }), ticketNumber: closed.number }
        }
        return { reply: r.render('thanks', {}), ticketNumber: open?.number ?? null }
      }
      if ((talk === 'greeting' || talk === 'unclear') && open) return { reply: await welcomeBack(tx, desk, open), ticketNumber: open.number }
      if (talk === 'greeting' || talk === 'unclear') {
        // Asked again after an answer it could not read: say so, rather than repeat the greeting.
        const unsure = talk === 'unclear' || ctx.conversation?.awaiting === 'category'
        return { reply: r.render('ask-category', { unsure }), ticketNumber: null, next: { ...idle, awaiting: 'category', askedAt: ctx.conversation?.awaiting === 'category' ? ctx.conversation.askedAt : null } }
      }
      return { reply: r.render('small-talk', {}), ticketNumber: null }
    }
  }
}

async function command(tx: Tx, desk: Desk, message: Message, ctx: IntakeContext, c: Exclude<Command, { kind: 'human' }>): Promise<Said> {
  const r = desk.replies
  const now = desk.now()
  switch (c.kind) {
    case 'help':
      return { reply: r.render('help', { hotline: desk.config.UNION_HOTLINE }), ticketNumber: null }
    case 'status': {
      const status = await answerStatus(tx, desk.replies, message.workerId, c)
      return { reply: status.reply, ticketNumber: status.ticketNumber }
    }
    case 'cancel':
      if (ctx.conversation?.awaiting) return { reply: r.render('cancelled', {}), ticketNumber: null, next: idle }
      return { reply: r.render('nothing-to-cancel', {}), ticketNumber: null }
    case 'subscribe': {
      const outcome = await subscribeFromText(tx, { workerId: message.workerId, channel: message.channel, text: message.text, at: now })
      const current = outcome.kind === 'help' ? (await activeSubscriptions(tx, message.workerId)).map(describeSubscription) : []
      const openCount = outcome.kind === 'subscribed' ? await countMatchingOpen(tx, outcome.subscription, now) : 0
      return { reply: subscriptionReply(desk, outcome, { current, openCount }), ticketNumber: null, next: idle }
    }
    case 'unsubscribe': {
      const outcome = await unsubscribe(tx, { workerId: message.workerId, text: message.text, at: now })
      return { reply: subscriptionReply(desk, outcome, { current: [], openCount: 0 }), ticketNumber: null, next: idle }
    }
    case 'erase': {
      const { dueAt } = await requestErasure(tx, desk, { workerId: message.workerId, channel: message.channel, at: now })
      const d = localDateOf(desk.calendar.timezone, dueAt)
      return { reply: r.render('erasure-requested', { dueDate: `${d.month}月${d.day}日`, hasOpenCase: ctx.latestOpen !== null }), ticketNumber: null, next: idle }
    }
  }
}
