import { processMessage } from '../src/desk/intake/index.ts'
import { sendLateReply } from '../src/desk/messaging/index.ts'
import { defineWorker } from '../src/queue/define.ts'

/**
 * Finishes inbound messages whose processing never completed: the process that stored
 * one died before it opened the ticket. The relay puts the message here; the worker who
 * wrote gets the answer they missed, through the outbound queue.
 */
export const intakeWorker = defineWorker({
  queue: 'intake',
  concurrency: 4,
  async process(payload, { desk, logger }) {
    const result = await processMessage(desk, payload.messageId, { duplicate: false })
    if (result.duplicate) return 'already-processed'
    await sendLateReply(desk, payload.messageId, result.reply)
    logger.info({ ticket: result.ticketNumber }, 'finished a message left unprocessed; reply queued')
    return result.outcome
  },
})
