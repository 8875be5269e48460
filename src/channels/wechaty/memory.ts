import type { RedisClient } from '../../redis/connect.ts'

/**
 * What the bot remembers between a message and the sends that follow it, in Redis (shared by
 * whichever bot process holds the account next), never in process memory:
 * - where a contact last wrote from: a group (its room id) or one-to-one. A later answer
 *   follows the worker there, by the group rule (sender.ts);
 * - the ticket of the last notice sent to a cadre: a bare reply to the bot answers that ticket;
 * - which groups were reported to the desk lately (seenGroup is not called on every message).
 */
export type BotMemory = ReturnType<typeof botMemory>

const MONTH_MS = 30 * 24 * 3600_000

export function botMemory(redis: RedisClient, prefix: string) {
  const key = (...parts: string[]) => [prefix, 'wechaty', ...parts].join(':')
  return {
    /** The worker wrote in a group (roomId) or one-to-one (null). */
    async wroteFrom(contactId: string, roomId: string | null): Promise<void> {
      if (roomId) await redis.set(key('room-of', contactId), roomId, 'PX', MONTH_MS)
      else await redis.del(key('room-of', contactId))
    },
    /** The group the contact last wrote from, or null when they last wrote one-to-one (or never). */
    async lastRoom(contactId: string): Promise<string | null> {
      return redis.get(key('room-of', contactId))
    },
    /** The group a group acknowledgement (one Delivery) answers. */
    async ackFor(deliveryId: string, roomId: string): Promise<void> {
      await redis.set(key('ack-room', deliveryId), roomId, 'PX', MONTH_MS)
    },
    async roomOfDelivery(deliveryId: string): Promise<string | null> {
      return redis.get(key('ack-room', deliveryId))
    },
    async noticeSent(cadreId: string, ticketNumber: string): Promise<void> {
      await redis.set(key('last-notice', cadreId), ticketNumber, 'PX', MONTH_MS)
    },
    async lastNoticeTicket(cadreId: string): Promise<string | null> {
      return redis.get(key('last-notice', cadreId))
    },
    /** True once per hour per group: the first message of the hour reports the group to the desk. */
    async groupToReport(roomId: string): Promise<boolean> {
      return (await redis.set(key('group-seen', roomId), '1', 'PX', 3600_000, 'NX')) === 'OK'
    },
    /** True the first time only: a claim that one send (a cadre notice, a group's bare notice) happens at most once. */
    async once(what: string, id: string): Promise<boolean> {
      return (await redis.set(key('once', what, id), '1', 'PX', MONTH_MS, 'NX')) === 'OK'
    },
    async forget(what: string, id: string): Promise<void> {
      await redis.del(key('once', what, id))
    },
  }
}
