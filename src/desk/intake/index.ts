/**
 * Intake: every channel's messages come in here as one InboundMessage. Receive stores it
 * (then a channel may acknowledge); process asks the conversation layer what it is (a rating,
 * a command, an answer to the desk's question, more about an open ticket, a new matter) and
 * acts in one transaction.
 */
export { acceptMessage, receiveMessage, type Receipt } from './receive.ts'
export { processMessage } from './process.ts'
export { replyWhenProcessed } from './late-reply.ts'
export { parseSatisfaction } from './ratings.ts'
export { NEW_MATTER_CONFIDENCE } from './continue-or-open.ts'
