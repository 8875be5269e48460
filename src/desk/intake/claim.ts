import type { Tx } from '../../db/client.ts'
import { jobIds } from '../../queue/jobs.ts'

/** What a message was taken as when it opened no ticket. */
export type MessageKind = 'command' | 'rating' | 'conversation' | 'spam'

/**
 * Takes a stored message for one outcome, in the caller's transaction: it is attached to
 * a ticket (or marked as a command, a rating, part of a conversation) only while nothing else
 * has taken it, and its safety-net outbox row goes in the same step. False: a concurrent copy
 * of the message (or the intake queue) got there first, and the caller answers as that copy did.
 *
 * Plain, portable SQL: this runs for every message, and the ORM's per-statement cost
 * would dominate it.
 */
export async function claimMessage(tx: Tx, messageId: string, as: { ticketId?: string; kind?: MessageKind }): Promise<boolean> {
  // A message already taken for a conversation answer has its words in "answer".
  const count =
    as.ticketId && as.kind
      ? await tx.$executeRaw`UPDATE "Message" SET "ticketId" = ${as.ticketId}, "kind" = ${as.kind} WHERE "id" = ${messageId} AND "ticketId" IS NULL AND "answer" IS NULL`
      : as.ticketId
        ? await tx.$executeRaw`UPDATE "Message" SET "ticketId" = ${as.ticketId} WHERE "id" = ${messageId} AND "ticketId" IS NULL AND "answer" IS NULL`
        : // A picture or a location keeps its kind; only a text message is marked as what it was taken for.
          await tx.$executeRaw`UPDATE "Message" SET "kind" = CASE WHEN "kind" = 'text' THEN ${as.kind ?? 'command'} ELSE "kind" END, "answer" = '' WHERE "id" = ${messageId} AND "ticketId" IS NULL AND "answer" IS NULL`
  if (count === 0) return false
  await tx.$executeRaw`DELETE FROM "OutboxJob" WHERE "jobId" = ${jobIds.intake(messageId)}`
  return true
}

/**
 * When the worker chooses a category after "哪方面的事？", what they wrote before the question
 * (and since) belongs to the new ticket: the cadre reads the whole exchange.
 */
export async function claimHeldMessages(tx: Tx, input: { workerId: string; channel: string; since: Date; ticketId: string }) {
  // A few minutes before the question: the message that made the desk ask.
  const from = new Date(input.since.getTime() - 10 * 60_000)
  await tx.$executeRaw`UPDATE "Message" SET "ticketId" = ${input.ticketId} WHERE "workerId" = ${input.workerId} AND "channel" = ${input.channel} AND "direction" = 'in' AND "ticketId" IS NULL AND "answer" IS NOT NULL AND "kind" <> 'spam' AND "createdAt" >= ${from}`
}
