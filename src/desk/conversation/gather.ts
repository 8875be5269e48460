import { prepare } from '../../db/prepared.ts'
import type { Category } from '../../classify/types.ts'
import type { Tx } from '../../db/client.ts'
import type { Ticket } from '../../generated/prisma/client.ts'
import type { FieldCrypto } from '../../privacy/field-crypto.ts'
import type { Replies } from '../../text/templates.ts'
import { factSpecs, Facts, nextQuestion, type FactKey } from './facts/index.ts'
import type { ConversationState } from './state.ts'

/**
 * Gathering a case's facts, one question at a time, on the open ticket. The facts are kept on
 * the ticket sealed (they name employers and say what a household earns); sensitive ones
 * (PIPL art. 29: health, income) only with the worker's consent, asked once, separately.
 */
export type Consent = 'granted' | 'refused' | null

export function readTicketFacts(crypto: FieldCrypto, ticket: Pick<Ticket, 'facts'>): Partial<Facts> {
  if (!ticket.facts) return {}
  const parsed = Facts.partial().safeParse(JSON.parse(crypto.open(ticket.facts)))
  return parsed.success ? parsed.data : {}
}

const sensitiveKeys = new Set<FactKey>(Object.values(factSpecs).flatMap((specs) => specs.filter((s) => s.sensitive).map((s) => s.key)))

/** The facts that may be kept: without consent, the sensitive ones are left out. */
export function keepable(facts: Partial<Facts>, consent: Consent): Partial<Facts> {
  if (consent === 'granted') return facts
  return Object.fromEntries(Object.entries(facts).filter(([k]) => !sensitiveKeys.has(k as FactKey))) as Partial<Facts>
}

/** Adds what the worker just said to the ticket's facts (a new answer replaces an old one). */
export async function storeFacts(tx: Tx, crypto: FieldCrypto, ticket: Ticket, found: Partial<Facts>, consent: Consent): Promise<Partial<Facts>> {
  const facts = { ...readTicketFacts(crypto, ticket), ...keepable(found, consent) }
  if (Object.keys(keepable(found, consent)).length) {
    await setFacts.run(tx, { id: ticket.id, facts: crypto.seal(JSON.stringify(facts)), at: new Date() })
  }
  return facts
}

export type NextStep = { reply: string | null; state: ConversationState }

/**
 * What to ask next about `ticket`, given what is known: the next fact's question, the consent
 * question before the first sensitive one, or (once enough is known) a thank-you. Facts the
 * worker passed over, and sensitive facts after a refusal, count as known, so they are not asked.
 */
export function nextStep(
  replies: Replies,
  ticket: Pick<Ticket, 'id' | 'number' | 'category'>,
  facts: Partial<Facts>,
  ctx: { skipped: readonly FactKey[]; consent: Consent; justOpened: boolean },
): NextStep {
  const category = ticket.category as Category
  const passed = Object.fromEntries(ctx.skipped.map((k) => [k, 'unknown']))
  const refused = ctx.consent === 'refused' ? Object.fromEntries([...sensitiveKeys].map((k) => [k, 'unknown'])) : {}
  const question = nextQuestion(category, { ...passed, ...refused, ...facts } as Partial<Facts>)
  const base = { ticketId: ticket.id, category, skipped: [...ctx.skipped], askedAt: null }
  if (!question) {
    // Nothing was asked on this ticket yet and nothing is missing: the opening reply says it all.
    const reply = ctx.justOpened || factSpecs[category].length === 0 ? null : replies.render('facts-done', { ticketNumber: ticket.number })
    return { reply, state: { ...base, awaiting: null, asked: null, ticketId: null } }
  }
  if (question.sensitive && ctx.consent === null) {
    return { reply: replies.render('consent-question', {}), state: { ...base, awaiting: 'consent', asked: question.key } }
  }
  return { reply: question.question, state: { ...base, awaiting: 'fact', asked: question.key } }
}

const setFacts = prepare<{ id: string; facts: string; at: Date }>()((sql, p) => sql.updateTable('Ticket').set({ facts: p.facts, updatedAt: p.at }).where('id', '=', p.id))
