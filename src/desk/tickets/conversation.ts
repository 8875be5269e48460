import { detectScript, type Script } from '../../text/script.ts'
import type { Desk } from '../desk.ts'
import type { Satisfaction } from '../vocabulary.ts'
import { satisfactionAnswerableSince } from './close.ts'
import { ticketStatusForRequester } from './status.ts'

/**
 * One line of a web request's conversation, as its worker reads it on the portal (the web
 * channel is an inbox: what the desk says to a web ticket waits on the ticket for them).
 * worker: what they wrote. cadre: a cadre's answer or question. desk: the desk's own notices
 * (assigned, closed with its result).
 */
export type RequesterMessage = { id: string; from: 'worker' | 'cadre' | 'desk'; kind: 'message' | 'reply' | 'question' | 'notice'; text: string; at: Date }

export type RequesterConversation = Awaited<ReturnType<typeof ticketStatusForRequester>> & {
  /** The script the worker opened the ticket in: the portal answers in it. */
  script: Script
  messages: RequesterMessage[]
  satisfaction: Satisfaction | null
  /** Closed, asked for a rating, not yet rated, and still within the window in which a rating counts. */
  canRate: boolean
}

/** The newest lines a page shows; a request longer than this keeps its first message at the top. */
const MAX_MESSAGES = 200

/**
 * What the holder of a web request's number and access code may read about it: the status
 * (exactly what the status API gives, and nothing of the unit, budget or assignee), the
 * conversation oldest first, and whether it waits for their rating. A wrong code is the
 * same ticket_not_found as a missing ticket. The satisfaction question itself is left out:
 * the portal asks it with buttons.
 */
export async function conversationForRequester(desk: Pick<Desk, 'db' | 'crypto' | 'now' | 'config'>, number: string, code: string): Promise<RequesterConversation> {
  const status = await ticketStatusForRequester(desk, number, code)
  const ticket = await desk.db.ticket.findUniqueOrThrow({ where: { number: status.number }, select: { id: true, satisfaction: true, satisfactionAskedAt: true } })
  const [rows, deliveries] = await Promise.all([
    desk.db.message.findMany({
      where: { ticketId: ticket.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: MAX_MESSAGES,
      select: { id: true, direction: true, kind: true, text: true, createdAt: true, authorCadreId: true },
    }),
    desk.db.delivery.findMany({ where: { ticketId: ticket.id }, select: { messageId: true, purpose: true } }),
  ])
  const purposeOf = new Map(deliveries.map((d) => [d.messageId, d.purpose]))
  const messages: RequesterMessage[] = []
  for (const m of rows.reverse()) {
    const line = { id: m.id, text: m.text, at: m.createdAt }
    if (m.direction === 'in') {
      messages.push({ ...line, from: 'worker', kind: 'message' })
      continue
    }
    // The desk's own questions (the facts a case needs), asked in the conversation.
    if (m.kind === 'auto') {
      messages.push({ ...line, from: 'desk', kind: 'question' })
      continue
    }
    const purpose = purposeOf.get(m.id)
    if (purpose === 'satisfaction') continue
    if (purpose === 'cadre_reply' || purpose === 'cadre_question') messages.push({ ...line, from: 'cadre', kind: purpose === 'cadre_reply' ? 'reply' : 'question' })
    else messages.push({ ...line, from: m.authorCadreId ? 'cadre' : 'desk', kind: 'notice' })
  }
  const first = await desk.db.message.findFirst({ where: { ticketId: ticket.id, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { text: true } })
  const since = satisfactionAnswerableSince(desk, desk.now())
  return {
    ...status,
    script: detectScript(first?.text ?? ''),
    messages,
    satisfaction: (ticket.satisfaction as Satisfaction | null) ?? null,
    canRate: status.status === 'closed' && !ticket.satisfaction && ticket.satisfactionAskedAt !== null && ticket.satisfactionAskedAt >= since,
  }
}
