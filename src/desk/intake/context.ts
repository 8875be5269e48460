import { sqlOf } from '../../db/sql.ts'
import type { Message, Ticket, Worker } from '../../generated/prisma/client.ts'
import { loadConversation, type ConversationState } from '../conversation/index.ts'
import type { Desk } from '../desk.ts'
import { openStatuses } from '../vocabulary.ts'
import { continuableOf } from './continue-or-open.ts'

/** What intake knows about the sender before reading their message. */
export type IntakeContext = {
  worker: Pick<Worker, 'id' | 'noticeShownAt' | 'sensitiveConsent'>
  conversation: ConversationState | null
  /** The open ticket the desk's last question was about. */
  askedAbout: Ticket | null
  /** The ticket a new message may continue (see continue-or-open.ts). */
  continuable: Ticket | null
  /** The worker's most recent open ticket, however long ago: what a returning worker is greeted with. */
  latestOpen: Ticket | null
}

/** A worker whose first message this is: step 1 created them, as this row. */
export type NewWorker = IntakeContext['worker']

/**
 * Plain SQL (db/sql.ts): every message is read against this. A worker step 1 has just
 * created has nothing to read yet (no conversation, no ticket): their row is all there is.
 */
export async function loadIntakeContext(desk: Desk, message: Message, newWorker?: NewWorker): Promise<IntakeContext> {
  if (newWorker) return { worker: newWorker, conversation: null, askedAbout: null, continuable: null, latestOpen: null }
  const sql = sqlOf(desk.db)
  const who = { workerId: message.workerId, channel: message.channel }
  const identity = desk.channels.spec(message.channel).identity
  const openTickets = sql.selectFrom('Ticket').selectAll().where('workerId', '=', message.workerId).where('status', 'in', openStatuses)
  const [worker, conversation, latestOpen] = await Promise.all([
    sql.selectFrom('Worker').select(['id', 'noticeShownAt', 'sensitiveConsent']).where('id', '=', message.workerId).executeTakeFirstOrThrow(),
    loadConversation(desk.db, who, desk.now()),
    openTickets.orderBy('updatedAt', 'desc').limit(1).executeTakeFirst(),
  ])
  const continuable = continuableOf(latestOpen ?? null, desk, identity)
  const askedId = conversation?.ticketId
  const askedAbout = askedId
    ? ([continuable, latestOpen].find((t) => t?.id === askedId) ?? (await openTickets.where('id', '=', askedId).executeTakeFirst()) ?? null)
    : null
  // Questions about a case that has since been closed, or that a cadre has taken up (their
  // word replaces the desk's form), wait for nothing.
  const taken = askedAbout?.firstRespondedAt ? null : askedAbout
  const current = askedId && !taken ? null : conversation
  return { worker, conversation: current, askedAbout: taken, continuable, latestOpen: latestOpen ?? null }
}
