import { z } from 'zod'
import { Category } from '../../classify/types.ts'
import { newId } from '../../lib/ids.ts'
import type { Db, Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import { FactKey } from './facts/index.ts'

/**
 * What the desk asked a worker last on one channel, so that the next message is read as the
 * answer: a category to choose, a fact, or consent. It is forgotten after a quiet period
 * (CONVERSATION_IDLE_SECONDS): a worker who comes back days later starts afresh, greeted with
 * their open case.
 */
export const Awaiting = z.enum(['category', 'fact', 'consent'])
export type Awaiting = z.infer<typeof Awaiting>

export const ConversationState = z.object({
  awaiting: Awaiting.nullable(),
  asked: FactKey.nullable(),
  ticketId: z.string().nullable(),
  category: Category.nullable(),
  /** Facts the worker passed over when asked: never asked again in this conversation. */
  skipped: z.array(FactKey),
  askedAt: z.date().nullable(),
})
export type ConversationState = z.infer<typeof ConversationState>

export const idle: ConversationState = { awaiting: null, asked: null, ticketId: null, category: null, skipped: [], askedAt: null }

export async function loadConversation(db: Db, who: { workerId: string; channel: string }, now: Date): Promise<ConversationState | null> {
  const row = await conversationOf.first(db, who)
  if (!row || row.expiresAt <= now) return null
  return ConversationState.parse({
    awaiting: row.awaiting, asked: row.asked, ticketId: row.ticketId, category: row.category,
    skipped: row.skipped ? row.skipped.split(',').filter((k) => FactKey.safeParse(k).success) : [], askedAt: row.askedAt,
  })
}

/** Writes what the desk now waits for; a conversation that waits for nothing and knows no ticket is removed. */
export async function saveConversation(tx: Tx, who: { workerId: string; channel: string }, state: ConversationState, at: { now: Date; idleSeconds: number }) {
  if (!state.awaiting && !state.ticketId) {
    await endConversation.run(tx, who)
    return
  }
  const data = {
    awaiting: state.awaiting, asked: state.asked, ticketId: state.ticketId, category: state.category,
    skipped: state.skipped.length ? state.skipped.join(',') : null, askedAt: state.awaiting ? (state.askedAt ?? at.now) : null,
    expiresAt: new Date(at.now.getTime() + at.idleSeconds * 1000), updatedAt: new Date(),
  }
  await keepConversation.run(tx, { id: newId(), ...who, ...data })
}

type Who = { workerId: string; channel: string }
const conversationOf = prepare<Who>()((sql, p) => sql.selectFrom('Conversation').selectAll().where('workerId', '=', p.workerId).where('channel', '=', p.channel))
const endConversation = prepare<Who>()((sql, p) => sql.deleteFrom('Conversation').where('workerId', '=', p.workerId).where('channel', '=', p.channel))
type Kept = Who & {
  id: string; awaiting: string | null; asked: string | null; ticketId: string | null; category: string | null
  skipped: string | null; askedAt: Date | null; expiresAt: Date; updatedAt: Date
}
const keepConversation = prepare<Kept>()((sql, p) => {
  const data = { awaiting: p.awaiting, asked: p.asked, ticketId: p.ticketId, category: p.category, skipped: p.skipped, askedAt: p.askedAt, expiresAt: p.expiresAt, updatedAt: p.updatedAt }
  return sql.insertInto('Conversation').values({ id: p.id, workerId: p.workerId, channel: p.channel, ...data })
    .onConflict((oc) => oc.columns(['workerId', 'channel']).doUpdateSet(data))
})
