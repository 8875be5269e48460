import { isUniqueViolation } from '../../db/errors.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'

/**
 * What goes on a ticket's timeline without changing its work: a cadre's internal note, two
 * tickets related to each other, and what the worker consented to. The pages ask; these
 * write, so the record's shape is kept in one place.
 */
type RecordDesk = Pick<Desk, 'db' | 'now'>

export async function addNote(desk: RecordDesk, input: { ticketId: string; text: string; actor: string }) {
  await desk.db.ticketEvent.create({ data: { ticketId: input.ticketId, type: 'ticket.noted', actor: input.actor, data: JSON.stringify({ text: input.text }), createdAt: desk.now() } })
}

/**
 * On both timelines, so whichever is opened first shows the other. A pair is related once
 * (unchanged on a second time, kept by the entries' unique keys when two cadres relate it at
 * the same moment), and a ticket never to itself.
 */
export async function relateTickets(desk: RecordDesk, input: { a: { id: string; number: string }; b: { id: string; number: string }; actor: string }) {
  const { a, b } = input
  if (a.id === b.id) throw new DeskError('unchanged', `Ticket ${a.number} cannot be related to itself.`)
  const now = desk.now()
  const key = (from: { id: string }, to: { id: string }) => `related:${from.id}:${to.id}`
  // Entries written before the keys existed carry only the other number.
  const earlier = await desk.db.ticketEvent.findFirst({
    where: { OR: [{ dedupeKey: { in: [key(a, b), key(b, a)] } }, { ticketId: a.id, type: 'ticket.related', data: { contains: `"number":"${b.number}"` } }] },
    select: { id: true },
  })
  const twice = () => new DeskError('unchanged', `Tickets ${a.number} and ${b.number} are already related.`)
  if (earlier) throw twice()
  try {
    await desk.db.ticketEvent.createMany({
      data: [
        { ticketId: a.id, type: 'ticket.related', actor: input.actor, createdAt: now, dedupeKey: key(a, b), data: JSON.stringify({ number: b.number }) },
        { ticketId: b.id, type: 'ticket.related', actor: input.actor, createdAt: now, dedupeKey: key(b, a), data: JSON.stringify({ number: a.number }) },
      ],
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw twice()
    throw err
  }
}

/** The numbers of the tickets related to this one, in the order they were related. */
export async function relatedNumbers(db: RecordDesk['db'], ticketId: string): Promise<string[]> {
  const events = await db.ticketEvent.findMany({ where: { ticketId, type: 'ticket.related' }, orderBy: { createdAt: 'asc' }, select: { data: true } })
  const numbers = events.map((e) => {
    try {
      return String((JSON.parse(e.data ?? '{}') as { number?: unknown }).number ?? '')
    } catch {
      return ''
    }
  })
  return [...new Set(numbers.filter(Boolean))]
}

/**
 * What the worker agreed to (PIPL art. 14 and 29: consent to the notice, and separate
 * consent for sensitive personal information), so a cadre and an auditor can see it was
 * given before anything sensitive was used.
 */
export async function recordConsent(desk: RecordDesk, input: { number: string; sensitive: boolean; via: string }) {
  const ticket = await desk.db.ticket.findUnique({ where: { number: input.number }, select: { id: true } })
  if (!ticket) return
  await desk.db.ticketEvent.create({
    data: { ticketId: ticket.id, type: 'consent.given', actor: 'worker', createdAt: desk.now(), data: JSON.stringify({ notice: true, sensitive: input.sensitive, via: input.via }) },
  })
}
