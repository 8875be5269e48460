import type { Wechaty } from 'wechaty'
import type { WorkerDesk } from '../../desk/desk.ts'
import type { BotMemory } from './memory.ts'
import type { Pacer } from './pace.ts'

/**
 * The bot in this process, as its queue's jobs find it: the Wechaty instance while it is
 * logged in (null otherwise), what it remembers, and its pace. Only a bot process has one;
 * it is found through the desk's channel registry, the one object that process's desk and
 * jobs share.
 */
export type BotSeat = {
  desk: WorkerDesk
  memory: BotMemory
  pacer: Pacer
  /** The logged-in bot, or null while it is starting, scanning, logged out or on standby. */
  bot(): Wechaty | null
  /** Says one thing to a chat now, within the pace (waiting for it): for the few answers that are not Deliveries (to cadres). */
  sayPaced(chatId: string, say: () => Promise<unknown>): Promise<void>
}

const seats = new WeakMap<object, BotSeat>()

export const takeSeat = (desk: WorkerDesk, seat: BotSeat) => void seats.set(desk.channels, seat)
export const leaveSeat = (desk: WorkerDesk) => void seats.delete(desk.channels)
export const seatOf = (desk: WorkerDesk): BotSeat | undefined => seats.get(desk.channels)
