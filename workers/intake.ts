import { processMessage } from '../src/desk/intake.ts'
import { stageWorkerMessage } from '../src/desk/notify.ts'
import { flushOutbox } from '../src/queue/outbox.ts'
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
    const message = await desk.db.message.findUniqueOrThrow({ where: { id: payload.messageId } })
    const { job } = await desk.db.$transaction((tx) =>
      stageWorkerMessage(tx, {
        workerId: message.workerId, channel: message.channel, ticketId: message.ticketId ?? undefined,
        text: result.reply, purpose: 'deferred_reply', at: desk.now(),
      }),
    )
    await flushOutbox(desk, [job])
    logger.info({ ticket: result.ticketNumber }, 'finished a message left unprocessed; reply queued')
    return result.outcome
  },
})
