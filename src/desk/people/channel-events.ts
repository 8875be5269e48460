import { isUniqueViolation } from '../../db/errors.ts'
import { newId } from '../../lib/ids.ts'
import { sqlOf } from '../../db/sql.ts'
import type { Desk } from '../desk.ts'
import { findOrCreateWorker, sealLocation } from './members.ts'

/**
 * What a channel tells the desk about a worker outside their messages: they followed or
 * unfollowed the account, scanned a unit's QR code, shared where they are. Channels retry
 * such events too, so each is applied once: its dedupe key is stored in the same
 * transaction as the change. Plain SQL (db/sql.ts): a campaign's QR code brings them by the thousand.
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
    await sqlOf(desk.db).transaction().execute(async (trx) => {
      const unit = e.unitCode ? await trx.selectFrom('OrgUnit').select('id').where('code', '=', e.unitCode).executeTakeFirst() : undefined
      const { worker } = await findOrCreateWorker(trx, desk.crypto, { channel: e.channel, externalUserId: e.externalUserId, profile: {}, unitId: unit?.id, at: e.at })
      await trx.insertInto('ChannelEvent').values({ id: newId(), channel: e.channel, dedupeKey: e.dedupeKey, kind: e.type, workerId: worker.id, createdAt: new Date() }).execute()
      const c = e.change
      const change =
        c.kind === 'subscribed' ? { unsubscribedAt: null }
        : c.kind === 'unsubscribed' ? { unsubscribedAt: e.at }
        : c.kind === 'located' ? { location: sealLocation(desk.crypto, { lat: c.latitude, lng: c.longitude }) }
        : null
      if (change) await trx.updateTable('Worker').set({ ...change, updatedAt: new Date() }).where('id', '=', worker.id).execute()
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
