import { InboundMessage, type IntakeResult } from '../../channels/types.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Message } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { stageJob } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { findOrCreateWorker, unitFromHint } from '../people/index.ts'
import { processMessage } from './process.ts'

/**
 * Intake, channel-blind, in two steps:
 *
 * 1. receive: the message is stored (deduplicated by channel and message id) together with
 *    a safety-net outbox row. Once this resolves, the message can never be lost: a channel
 *    may acknowledge it.
 * 2. process (process.ts): classify, then in one transaction open a ticket (or continue the
 *    worker's open one), route it, stage its timers and remove the safety net. If the
 *    process dies between the steps, the outbox relay hands the message to the intake
 *    queue, which finishes the work and sends the worker the reply.
 *
 * Processing is idempotent: a message already attached to a ticket is answered as before.
 */
export type Receipt = { messageId: string; duplicate: boolean; process(): Promise<IntakeResult> }

/** Both steps, for channels that can wait for the whole answer (the web API). */
export async function acceptMessage(desk: Desk, input: InboundMessage): Promise<IntakeResult> {
  return (await receiveMessage(desk, input)).process()
}

/** Step 1. Rejects only when the message could not be stored: the channel must not acknowledge it then. */
export async function receiveMessage(desk: Desk, input: InboundMessage): Promise<Receipt> {
  const msg = InboundMessage.parse(input)
  const { message, duplicate, workerUnitId } = await storeInbound(desk, msg)
  // A fresh message is processed from what was just written; a duplicate is re-read (another copy may be processing it).
  const known = duplicate ? {} : { stored: message, workerUnitId }
  return { messageId: message.id, duplicate, process: () => processMessage(desk, message.id, { duplicate, ...known }) }
}

type Parsed = ReturnType<typeof InboundMessage.parse>

async function storeInbound(desk: Desk, msg: Parsed): Promise<{ message: Message; duplicate: boolean; workerUnitId?: string | null }> {
  const key = { channel_externalId: { channel: msg.channel, externalId: msg.externalMessageId } }
  for (let attempt = 1; ; attempt++) {
    // No look before the write: the unique key says "seen before" for the rare repeat, at no cost to the rest.
    try {
      return await inTransaction(desk.db, async (tx) => {
        const now = desk.now()
        const hinted = await unitFromHint(tx, msg.profile.orgHint)
        const location = msg.media.find((m) => m.kind === 'location')
        const worker = await findOrCreateWorker(tx, desk.crypto, {
          channel: msg.channel, externalUserId: msg.externalUserId, profile: msg.profile, unitId: hinted?.id, at: now,
          ...(location ? { location: { lat: location.latitude, lng: location.longitude, label: location.label } } : {}),
        })
        if (msg.consent?.sensitive && worker.sensitiveConsent !== 'granted') {
          await tx.worker.update({ where: { id: worker.id }, data: { sensitiveConsent: 'granted', sensitiveConsentAt: now } })
        }
        const message = await tx.message.create({
          data: {
            channel: msg.channel, externalId: msg.externalMessageId, direction: 'in', kind: msg.media[0]?.kind ?? 'text',
            text: msg.text, media: msg.media.length ? JSON.stringify(msg.media) : null, workerId: worker.id, createdAt: msg.receivedAt,
          },
        })
        // The safety net: not flushed now. Processing deletes it; the relay finds it only if processing never happened.
        await stageJob(tx, { queue: 'intake', name: 'process', jobId: jobIds.intake(message.id), payload: { messageId: message.id }, runAt: now })
        return { message, duplicate: false, workerUnitId: worker.unitId }
      })
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      // Another delivery of the same message: that is the answer. Otherwise the same new worker
      // wrote twice at once, and the next attempt finds their identity.
      const seen = await desk.db.message.findUnique({ where: key })
      if (seen) return { message: seen, duplicate: true }
      if (attempt >= 3) throw err
    }
  }
}
