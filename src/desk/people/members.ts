import { newId } from '../../lib/ids.ts'
import { prepare, prepareInsert } from '../../db/prepared.ts'
import type { Sql } from '../../db/sql.ts'
import type { Worker } from '../../generated/prisma/client.ts'
import type { FieldCrypto } from '../../privacy/field-crypto.ts'
import { normalisePhone } from '../../privacy/phone.ts'

type Profile = { name?: string; phone?: string }
export type SharedLocation = { lat?: number; lng?: number; label?: string }

/**
 * Union members who wrote to the desk (the Worker table: "worker" as in 职工, not a queue
 * worker). A worker is who a channel says wrote: their OpenID on the Official Account, their
 * contact on the bot, one request (number and access code) on the web. A phone number is
 * never an identity: anyone can type someone else's, so it is kept (sealed, with a blind
 * index a cadre can search) but attaches nothing. Joining two identities into one person
 * is a cadre's act, on the record (tickets/link.ts).
 *
 * Name, phone and a shared location are sealed before they are stored. Plain SQL (db/sql.ts):
 * this runs for every message.
 */
export async function findOrCreateWorker(
  sql: Sql,
  crypto: FieldCrypto,
  input: { channel: string; externalUserId: string; profile: Profile; unitId?: string; location?: SharedLocation; at: Date },
): Promise<{ worker: Worker; created: boolean }> {
  const known = await workerByIdentity.first(sql, { channel: input.channel, externalId: input.externalUserId })
  const phone = input.profile.phone ? normalisePhone(input.profile.phone) : undefined
  const phoneHash = phone ? crypto.blindIndex(phone) : undefined
  const updates = {
    ...(input.profile.name ? { nameEnc: crypto.seal(input.profile.name), nameHash: nameIndex(crypto, input.profile.name) } : {}),
    ...(phone && phoneHash && known?.phoneHash !== phoneHash ? { phoneEnc: crypto.seal(phone), phoneHash } : {}),
    ...(input.unitId && !known?.unitId ? { unitId: input.unitId } : {}),
    ...(input.location ? { location: sealLocation(crypto, input.location) } : {}),
  }
  if (!known) {
    // Every date is written here, never left to a column default: SQLite's CURRENT_TIMESTAMP is another text format.
    const worker: Worker = {
      id: newId(), nameEnc: null, phoneEnc: null, phoneHash: null, nameHash: null, unitId: null, location: null, unsubscribedAt: null,
      noticeShownAt: null, sensitiveConsent: null, sensitiveConsentAt: null, createdAt: input.at, updatedAt: input.at, ...updates,
    }
    await insertWorker.run(sql, [worker])
    await insertIdentity.run(sql, [{ id: newId(), channel: input.channel, externalId: input.externalUserId, workerId: worker.id, createdAt: input.at, lastInboundAt: input.at }])
    return { worker, created: true }
  }
  const { identityId, ...worker } = known
  if (Object.keys(updates).length > 0) await sql.updateTable('Worker').set({ ...updates, updatedAt: input.at }).where('id', '=', worker.id).execute()
  await touchIdentity.run(sql, { id: identityId, at: input.at })
  return { worker: Object.keys(updates).length > 0 ? { ...worker, ...updates, updatedAt: input.at } : worker, created: false }
}

export const sealLocation = (crypto: FieldCrypto, location: SharedLocation) => crypto.seal(JSON.stringify(location))
export const openLocation = (crypto: FieldCrypto, sealed: string): SharedLocation => JSON.parse(crypto.open(sealed)) as SharedLocation

/** The blind index of a name as a cadre would type it: spaces and full-width spaces do not count. */
export const nameIndex = (crypto: FieldCrypto, name: string) => crypto.blindIndex(`name:${name.replace(/[\s\u3000]/g, '')}`)

const workerByIdentity = prepare<{ channel: string; externalId: string }>()((sql, p) =>
  sql.selectFrom('ChannelIdentity as i')
    .innerJoin('Worker as w', 'w.id', 'i.workerId')
    .selectAll('w')
    .select('i.id as identityId')
    .where('i.channel', '=', p.channel)
    .where('i.externalId', '=', p.externalId),
)
const insertWorker = prepareInsert('Worker')
const insertIdentity = prepareInsert('ChannelIdentity')
const touchIdentity = prepare<{ id: string; at: Date }>()((sql, p) => sql.updateTable('ChannelIdentity').set({ lastInboundAt: p.at }).where('id', '=', p.id))
