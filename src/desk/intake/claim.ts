import type { Tx } from '../../db/client.ts'
import { jobIds } from '../../queue/jobs.ts'

/**
 * Takes a stored message for one outcome, in the caller's transaction: it is attached to
 * a ticket (or marked as a command or a rating) only while nothing else has taken it, and
 * its safety-net outbox row goes in the same step. False: a concurrent copy of the message
 * (or the intake queue) got there first, and the caller answers as that copy did.
 *
 * Plain, portable SQL: this runs for every message, and the ORM's per-statement cost
 * would dominate it.
 */
export async function claimMessage(tx: Tx, messageId: string, as: { ticketId?: string; kind?: 'command' | 'rating' }): Promise<boolean> {
  const count =
    as.ticketId && as.kind
      ? await tx.$executeRaw`UPDATE "Message" SET "ticketId" = ${as.ticketId}, "kind" = ${as.kind} WHERE "id" = ${messageId} AND "ticketId" IS NULL`
      : as.ticketId
        ? await tx.$executeRaw`UPDATE "Message" SET "ticketId" = ${as.ticketId} WHERE "id" = ${messageId} AND "ticketId" IS NULL`
        : await tx.$executeRaw`UPDATE "Message" SET "kind" = ${as.kind ?? 'command'} WHERE "id" = ${messageId} AND "ticketId" IS NULL`
  if (count === 0) return false
  await tx.$executeRaw`DELETE FROM "OutboxJob" WHERE "jobId" = ${jobIds.intake(messageId)}`
  return true
}
