import type { Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import { sqlIn } from '../../db/sql.ts'
import { jobIds } from '../../queue/jobs.ts'

/** What a message was taken as when it opened no ticket. */
export type MessageKind = 'command' | 'rating' | 'conversation' | 'spam'

/**
 * Takes a stored message for one outcome, in the caller's transaction: it is attached to
 * a ticket (or marked as a command, a rating, part of a conversation) only while nothing else
 * has taken it, and its safety-net outbox row goes in the same step. False: a concurrent copy
 * of the message (or the intake queue) got there first, and the caller answers as that copy did.
 *
 * Plain SQL (db/sql.ts): this runs for every message.
 */
export async function claimMessage(tx: Tx, messageId: string, as: { ticketId?: string; kind?: MessageKind }): Promise<boolean> {
  // A message already taken for a conversation answer has its words in "answer".
  const claimed = as.ticketId
    ? await (as.kind ? claimForTicketAs.run(tx, { id: messageId, ticketId: as.ticketId, kind: as.kind }) : claimForTicket.run(tx, { id: messageId, ticketId: as.ticketId }))
    : // A picture or a location keeps its kind; only a text message is marked as what it was taken for.
      await claimAs.run(tx, { id: messageId, kind: as.kind ?? 'command' })
  if (claimed === 0) return false
  await dropSafetyNet.run(tx, { jobId: jobIds.intake(messageId) })
  return true
}

/**
 * When the worker chooses a category after "哪方面的事？", what they wrote before the question
 * (and since) belongs to the new ticket: the cadre reads the whole exchange.
 */
export async function claimHeldMessages(tx: Tx, input: { workerId: string; channel: string; since: Date; ticketId: string }) {
  // A few minutes before the question: the message that made the desk ask.
  const from = new Date(input.since.getTime() - 10 * 60_000)
  await sqlIn(tx).updateTable('Message').set({ ticketId: input.ticketId })
    .where('workerId', '=', input.workerId).where('channel', '=', input.channel).where('direction', '=', 'in')
    .where('ticketId', 'is', null).where('answer', 'is not', null).where('kind', '<>', 'spam').where('createdAt', '>=', from)
    .execute()
}

const claimForTicket = prepare<{ id: string; ticketId: string }>()((sql, p) =>
  sql.updateTable('Message').set({ ticketId: p.ticketId }).where('id', '=', p.id).where('ticketId', 'is', null).where('answer', 'is', null),
)
const claimForTicketAs = prepare<{ id: string; ticketId: string; kind: string }>()((sql, p) =>
  sql.updateTable('Message').set({ ticketId: p.ticketId, kind: p.kind }).where('id', '=', p.id).where('ticketId', 'is', null).where('answer', 'is', null),
)
const claimAs = prepare<{ id: string; kind: string }>()((sql, p) =>
  sql.updateTable('Message')
    .set((eb) => ({ kind: eb.case().when('kind', '=', 'text').then(p.kind).else(eb.ref('kind')).end(), answer: '' }))
    .where('id', '=', p.id).where('ticketId', 'is', null).where('answer', 'is', null),
)
const dropSafetyNet = prepare<{ jobId: string }>()((sql, p) => sql.deleteFrom('OutboxJob').where('jobId', '=', p.jobId))
