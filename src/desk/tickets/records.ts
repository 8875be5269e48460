import type { Desk } from '../desk.ts'

/**
 * What goes on a ticket's timeline without changing its work: a cadre's internal note, two
 * tickets related to each other, and what the worker consented to. The pages ask; these
 * write, so the record's shape is kept in one place.
 */
type RecordDesk = Pick<Desk, 'db' | 'now'>

export async function addNote(desk: RecordDesk, input: { ticketId: string; text: string; actor: string }) {
  await desk.db.ticketEvent.create({ data: { ticketId: input.ticketId, type: 'ticket.noted', actor: input.actor, data: JSON.stringify({ text: input.text }), createdAt: desk.now() } })
}

/** On both timelines, so whichever is opened first shows the other. */
export async function relateTickets(desk: RecordDesk, input: { a: { id: string; number: string }; b: { id: string; number: string }; actor: string }) {
  const now = desk.now()
  await desk.db.ticketEvent.createMany({
    data: [
      { ticketId: input.a.id, type: 'ticket.related', actor: input.actor, createdAt: now, data: JSON.stringify({ number: input.b.number }) },
      { ticketId: input.b.id, type: 'ticket.related', actor: input.actor, createdAt: now, data: JSON.stringify({ number: input.a.number }) },
    ],
  })
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
