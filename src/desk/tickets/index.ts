/**
 * Tickets: opening one (routed, numbered, timed), and what cadres do with it: answer, ask
 * the worker, hand it on, correct its category, close it. Each action is one transaction
 * that records the step on the timeline, tells the worker and moves the SLA timers.
 */
export { openTicket, type NewTicket } from './open.ts'
export { actionableTicket, ticketByNumber } from './load.ts'
export { replyToTicket } from './reply.ts'
export { askWorker } from './ask.ts'
export { reassignTicket } from './reassign.ts'
export { closeTicket, satisfactionAnswerableSince } from './close.ts'
export { correctClassification } from './reclassify.ts'
export { linkRequester } from './link.ts'
export { ticketStatusForRequester } from './status.ts'
export { conversationForRequester, type RequesterConversation, type RequesterMessage } from './conversation.ts'
export { nextTicketNumber, ticketNumberPattern } from './number.ts'
export { addNote, recordConsent, relatedNumbers, relateTickets } from './records.ts'
export { scopedTicket, worklist, worklistLabels, worklistViews, type WorklistView } from './worklist.ts'
