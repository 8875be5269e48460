import type { IntakeResult } from '../../channels/types.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Message } from '../../generated/prisma/client.ts'
import { detectScript, inScript, toSimplified } from '../../text/script.ts'
import type { Desk } from '../desk.ts'
import { notifyCadre } from '../messaging/index.ts'
import { unitLeader } from '../routing/index.ts'
import { satisfactionAnswerableSince } from '../tickets/index.ts'
import { satisfactionLabels, type Satisfaction } from '../vocabulary.ts'
import { claimMessage } from './claim.ts'

/**
 * The worker's answer to the satisfaction question sent when a ticket closed. It arrives
 * as an ordinary message ("满意", "基本满意", "不满意", or 1 / 2 / 3, in either script), so
 * intake asks here first: a bare rating from a worker with a question pending is stored
 * on the ticket and thanked, instead of opening a new ticket.
 */

const answers: Record<string, Satisfaction> = {
  '1': 'satisfied', 满意: 'satisfied', 很满意: 'satisfied', 非常满意: 'satisfied',
  '2': 'basically_satisfied', 基本满意: 'basically_satisfied', 还行: 'basically_satisfied', 一般: 'basically_satisfied',
  '3': 'unsatisfied', 不满意: 'unsatisfied', 很不满意: 'unsatisfied', 非常不满意: 'unsatisfied',
}

/** A rating, when the whole message is one (punctuation, spaces and full-width digits aside). */
export function parseSatisfaction(text: string): Satisfaction | null {
  const bare = toSimplified(text.normalize('NFKC')).replace(/[\s\p{P}\p{S}]/gu, '')
  return answers[bare] ?? null
}

/**
 * Returns the reply when the message is a rating, or null to let intake go on. A repeat
 * of a message already taken as a rating gets the same thanks and changes nothing.
 */
export async function answerSatisfaction(desk: Desk, message: Message, opts: { duplicate: boolean }): Promise<IntakeResult | null> {
  if (message.direction !== 'in') return null
  const script = detectScript(message.text)
  const thanks = (rating: Satisfaction, ticketNumber: string, duplicate: boolean): IntakeResult => ({
    duplicate, ticketNumber, outcome: 'answered',
    reply: inScript(desk.replies.render('satisfaction-thanks', { ratingLabel: satisfactionLabels[rating], unsatisfied: rating === 'unsatisfied' }), script),
  })
  if (message.kind === 'rating' && message.ticketId) {
    const t = await desk.db.ticket.findUniqueOrThrow({ where: { id: message.ticketId }, select: { number: true, satisfaction: true } })
    return thanks((t.satisfaction ?? parseSatisfaction(message.text) ?? 'satisfied') as Satisfaction, t.number, true)
  }
  const rating = message.ticketId ? null : parseSatisfaction(message.text)
  if (!rating) return null
  const now = desk.now()
  const since = satisfactionAnswerableSince(desk, now)
  const ticket = await desk.db.ticket.findFirst({
    where: { workerId: message.workerId, status: 'closed', satisfaction: null, satisfactionAskedAt: { gte: since } },
    orderBy: { satisfactionAskedAt: 'desc' },
  })
  if (!ticket) return null
  const claimed = await inTransaction(desk.db, async (tx) => {
    if (!(await claimMessage(tx, message.id, { ticketId: ticket.id, kind: 'rating' }))) return false // a concurrent copy of this message got there first
    await tx.ticket.update({ where: { id: ticket.id }, data: { satisfaction: rating, satisfactionAt: now } })
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'satisfaction.answered', actor: 'worker', createdAt: now, data: JSON.stringify({ rating }) } })
    await tx.callbackTask.updateMany({
      where: { ticketId: ticket.id, kind: 'satisfaction', status: 'pending' },
      data: { status: 'done', outcome: 'reached', note: '职工已回复满意度', completedAt: now },
    })
    if (rating === 'unsatisfied') {
      // An unhappy worker is a leader's to call back, not a number in a report.
      const leader = await unitLeader(tx, ticket.unitId)
      if (leader) {
        await notifyCadre(tx, {
          cadreId: leader.id, kind: 'satisfaction.unsatisfied', ticketId: ticket.id, dedupeKey: `unsatisfied-${ticket.id}`, at: now,
          data: { assigneeId: ticket.assigneeId },
        })
      }
    }
    return true
  })
  if (!claimed) return answerSatisfaction(desk, await desk.db.message.findUniqueOrThrow({ where: { id: message.id } }), { duplicate: true })
  desk.metrics.intake.inc({ channel: message.channel, outcome: 'rated' })
  return thanks(rating, ticket.number, opts.duplicate)
}
