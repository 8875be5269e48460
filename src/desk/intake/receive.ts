import { newId } from '../../lib/ids.ts'
import { InboundMessage, type IntakeResult } from '../../channels/types.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { prepareInsert } from '../../db/prepared.ts'
import { sqlOf } from '../../db/sql.ts'
import type { Message, OutboxJob } from '../../generated/prisma/client.ts'
import { jobIds } from '../../queue/jobs.ts'
import { flushOutbox, stageJobs } from '../../queue/outbox.ts'
import type { Desk } from '../desk.ts'
import { findOrCreateWorker, mediaForStorage, textForStorage, unitFromHint } from '../people/index.ts'
import type { NewWorker } from './context.ts'
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
export type Receipt = {
  messageId: string
  duplicate: boolean
  /** A repeat whose first copy has been processed already: its answer is there to give again. */
  settled: boolean
  /** Step 2, here and now. */
  process(): Promise<IntakeResult>
  /**
   * Step 2 by the intake queue instead (a channel that is behind): the safety net is put on
   * the queue now rather than by the relay later, and the queue sends the answer.
   */
  handOff(): Promise<void>
}

/** Both steps, for channels that can wait for the whole answer (the web API). */
export async function acceptMessage(desk: Desk, input: InboundMessage): Promise<IntakeResult> {
  return (await receiveMessage(desk, input)).process()
}

/** Step 1. Rejects only when the message could not be stored: the channel must not acknowledge it then. */
export async function receiveMessage(desk: Desk, input: InboundMessage): Promise<Receipt> {
  const msg = InboundMessage.parse(input)
  const { message, duplicate, workerUnitId, newWorker, safetyNet } = await storeInbound(desk, msg)
  const settled = duplicate && (message.ticketId !== null || message.answer !== null)
  // A fresh message is processed from what was just written; a duplicate is re-read (another copy may be processing it).
  const known = duplicate ? {} : { stored: message, workerUnitId, newWorker }
  return {
    messageId: message.id,
    duplicate,
    settled,
    process: () => processMessage(desk, message.id, { duplicate, ...known }),
    // A repeat has no safety net of its own here: its original's is on the way.
    handOff: async () => void (safetyNet ? await flushOutbox(desk, [safetyNet]) : undefined),
  }
}

type Parsed = ReturnType<typeof InboundMessage.parse>

/**
 * Plain SQL (db/sql.ts), one short transaction: every message comes through here, and a
 * channel waits for it before it may acknowledge.
 */
async function storeInbound(desk: Desk, msg: Parsed): Promise<{ message: Message; duplicate: boolean; workerUnitId?: string | null; newWorker?: NewWorker; safetyNet?: OutboxJob }> {
  const sql = sqlOf(desk.db)
  for (let attempt = 1; ; attempt++) {
    // No look before the write: the unique key says "seen before" for the rare repeat, at no cost to the rest.
    try {
      return await sql.transaction().execute(async (trx) => {
        const now = desk.now()
        const hinted = await unitFromHint(trx, msg.profile.orgHint)
        const location = msg.media.find((m) => m.kind === 'location')
        const { worker, created } = await findOrCreateWorker(trx, desk.crypto, {
          channel: msg.channel, externalUserId: msg.externalUserId, profile: msg.profile, unitId: hinted?.id, at: now,
          ...(location ? { location: { lat: location.latitude, lng: location.longitude, label: location.label } } : {}),
        })
        if (msg.consent?.sensitive && worker.sensitiveConsent !== 'granted') {
          await trx.updateTable('Worker').set({ sensitiveConsent: 'granted', sensitiveConsentAt: now, updatedAt: now }).where('id', '=', worker.id).execute()
          worker.sensitiveConsent = 'granted'
        }
        const message: Message = {
          id: newId(), channel: msg.channel, externalId: msg.externalMessageId, direction: 'in', kind: msg.media[0]?.kind ?? 'text',
          // A shared location is sealed here too, not only on the worker: the row says '[位置]'.
          text: textForStorage(msg.text, msg.media), media: mediaForStorage(desk.crypto, msg.media), workerId: worker.id, ticketId: null,
          authorCadreId: null, answer: null, createdAt: msg.receivedAt,
          // What this message named (a bot group's unit) routes the ticket it opens, whatever unit the worker is known by.
          hintedUnitId: hinted?.id ?? null,
        }
        await insertMessage.run(trx, [message])
        // The safety net: not flushed now. Processing deletes it; the relay finds it only if processing never happened.
        const [safetyNet] = await stageJobs(trx, [{ queue: 'intake', name: 'process', jobId: jobIds.intake(message.id), payload: { messageId: message.id }, runAt: now }])
        const newWorker = created ? { id: worker.id, noticeShownAt: worker.noticeShownAt, sensitiveConsent: worker.sensitiveConsent } : undefined
        return { message, duplicate: false, workerUnitId: worker.unitId, newWorker, safetyNet }
      })
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      // Another delivery of the same message: that is the answer. Otherwise the same new worker
      // wrote twice at once, and the next attempt finds their identity.
      const seen = await sql.selectFrom('Message').selectAll().where('channel', '=', msg.channel).where('externalId', '=', msg.externalMessageId).executeTakeFirst()
      if (seen) return { message: seen, duplicate: true }
      if (attempt >= 3) throw err
    }
  }
}

const insertMessage = prepareInsert('Message')
