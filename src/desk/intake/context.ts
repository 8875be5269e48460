import type { Message, Ticket, Worker } from '../../generated/prisma/client.ts'
import { loadConversation, type ConversationState } from '../conversation/index.ts'
import type { Desk } from '../desk.ts'
import { openStatuses } from '../vocabulary.ts'
import { continuableTicket } from './continue-or-open.ts'

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

export async function loadIntakeContext(desk: Desk, message: Message): Promise<IntakeContext> {
  const who = { workerId: message.workerId, channel: message.channel }
  const identity = desk.channels.spec(message.channel).identity
  const [worker, conversation, continuable, latestOpen] = await Promise.all([
    desk.db.worker.findUniqueOrThrow({ where: { id: message.workerId }, select: { id: true, noticeShownAt: true, sensitiveConsent: true } }),
    loadConversation(desk.db, who, desk.now()),
    continuableTicket(desk, message.workerId, identity),
    desk.db.ticket.findFirst({ where: { workerId: message.workerId, status: { in: openStatuses } }, orderBy: { updatedAt: 'desc' } }),
  ])
  const askedId = conversation?.ticketId
  const askedAbout = askedId
    ? [continuable, latestOpen].find((t) => t?.id === askedId) ?? (await desk.db.ticket.findFirst({ where: { id: askedId, status: { in: openStatuses } } }))
    : null
  // Questions about a case that has since been closed, or that a cadre has taken up (their
  // word replaces the desk's form), wait for nothing.
  const taken = askedAbout?.firstRespondedAt ? null : askedAbout
  const current = askedId && !taken ? null : conversation
  return { worker, conversation: current, askedAbout: taken, continuable, latestOpen }
}
