import type { Classification } from '../../classify/types.ts'
import type { IntakeResult } from '../../channels/types.ts'
import type { Message, OrgUnit, Ticket } from '../../generated/prisma/client.ts'
import { detectScript, inScript } from '../../text/script.ts'
import { promisedBy } from '../../text/when.ts'
import type { Desk } from '../desk.ts'
import { categoryLabels } from '../vocabulary.ts'

/** The answer to a message that opened a ticket; a new web request's code is in it this once. */
export function openedReply(desk: Desk, ticket: Ticket, unit: OrgUnit, accessCode = '') {
  // In business hours a "24-hour" target opened on Friday evening is due next week: promise the real time.
  return desk.replies.render('ticket-opened', {
    ticketNumber: ticket.number,
    categoryLabel: categoryLabels[ticket.category as Classification['category']],
    unitName: unit.name,
    assigned: ticket.assigneeId !== null,
    responseTime: promisedBy(ticket.firstResponseDueAt ?? ticket.createdAt, ticket.createdAt),
    urgent: ticket.urgent,
    accessCode,
    // Chat channels have 进度; a request identity (the web) is opened again with its number and code.
    portal: desk.channels.spec(ticket.channel).identity === 'request',
  })
}

/** The answer a processed message got, given again: same ticket, same words, same script. */
export async function answerFor(desk: Desk, message: Message, duplicate: boolean): Promise<IntakeResult> {
  const t = await desk.db.ticket.findUniqueOrThrow({ where: { id: message.ticketId! }, include: { unit: true } })
  const first = await desk.db.message.findFirst({ where: { ticketId: t.id, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { id: true } })
  const opened = first?.id === message.id
  // The words given the first time, kept on the message (without a web request's code); older messages have none.
  const reply =
    message.answer ||
    (opened ? openedReply(desk, t, t.unit) : desk.replies.render('ticket-continued', { ticketNumber: t.number, assigned: t.assigneeId !== null }))
  if (duplicate) desk.metrics.intake.inc({ channel: message.channel, outcome: 'duplicate' })
  return { duplicate, ticketNumber: t.number, outcome: opened ? 'opened' : 'continued', reply: inScript(reply, detectScript(message.text)) }
}
