import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Desk } from '../desk.ts'
import { findOrCreateWorker, sealLocation } from './members.ts'

/**
 * What a channel tells the desk about a worker outside their messages: they followed or
 * unfollowed the account, scanned a unit's QR code, shared where they are. Channels retry
 * such events too, so each is applied once: its dedupe key is stored in the same
 * transaction as the change.
 */
export type ChannelEventChange =
  | { kind: 'subscribed' }
  | { kind: 'unsubscribed' }
  | { kind: 'located'; latitude: number; longitude: number }
  | { kind: 'seen' }

export type ChannelEventInput = {
  channel: string
  externalUserId: string
  /** The channel's own words for the event (subscribe, scan, LOCATION, CLICK…), for the record. */
  type: string
  dedupeKey: string
  at: Date
  /** A unit code the event places the worker in (a QR code's scene on a factory gate poster). */
  unitCode?: string
  change: ChannelEventChange
}

/** Applies the event; false when it was applied before. */
export async function applyChannelEvent(desk: Pick<Desk, 'db' | 'crypto'>, e: ChannelEventInput): Promise<boolean> {
  try {
    await inTransaction(desk.db, async (tx) => {
      const unit = e.unitCode ? await tx.orgUnit.findUnique({ where: { code: e.unitCode } }) : null
      const worker = await findOrCreateWorker(tx, desk.crypto, { channel: e.channel, externalUserId: e.externalUserId, profile: {}, unitId: unit?.id, at: e.at })
      await tx.channelEvent.create({ data: { channel: e.channel, dedupeKey: e.dedupeKey, kind: e.type, workerId: worker.id } })
      // Every write here goes through tx: a write beside the transaction would wait on the row it holds.
      const c = e.change
      if (c.kind === 'subscribed') await tx.worker.update({ where: { id: worker.id }, data: { unsubscribedAt: null } })
      if (c.kind === 'unsubscribed') await tx.worker.update({ where: { id: worker.id }, data: { unsubscribedAt: e.at } })
      if (c.kind === 'located') await tx.worker.update({ where: { id: worker.id }, data: { location: sealLocation(desk.crypto, { lat: c.latitude, lng: c.longitude }) } })
    })
    return true
  } catch (err) {
    if (isUniqueViolation(err)) return false
    throw err
  }
}

/** The worker behind a channel identity, if the desk knows them. */
export async function workerIdOf(desk: Pick<Desk, 'db'>, channel: string, externalUserId: string): Promise<string | null> {
  const identity = await desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel, externalId: externalUserId } }, select: { workerId: true } })
  return identity?.workerId ?? null
}
