import type { Tx } from '../../db/client.ts'
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
 * Name, phone and a shared location are sealed before they are stored.
 */
export async function findOrCreateWorker(
  tx: Tx,
  crypto: FieldCrypto,
  input: { channel: string; externalUserId: string; profile: Profile; unitId?: string; location?: SharedLocation; at: Date },
): Promise<Worker> {
  const identity = await tx.channelIdentity.findUnique({
    where: { channel_externalId: { channel: input.channel, externalId: input.externalUserId } },
    include: { worker: true },
  })
  let worker = identity?.worker ?? null
  const phone = input.profile.phone ? normalisePhone(input.profile.phone) : undefined
  const phoneHash = phone ? crypto.blindIndex(phone) : undefined
  const updates = {
    ...(input.profile.name ? { nameEnc: crypto.seal(input.profile.name), nameHash: nameIndex(crypto, input.profile.name) } : {}),
    ...(phone && phoneHash && worker?.phoneHash !== phoneHash ? { phoneEnc: crypto.seal(phone), phoneHash } : {}),
    ...(input.unitId && !worker?.unitId ? { unitId: input.unitId } : {}),
    ...(input.location ? { location: sealLocation(crypto, input.location) } : {}),
  }
  const newIdentity = { channel: input.channel, externalId: input.externalUserId, lastInboundAt: input.at }
  if (!worker) {
    // The common case for a first message: worker and identity in one statement.
    return tx.worker.create({ data: { ...updates, identities: { create: newIdentity } } })
  }
  if (Object.keys(updates).length > 0) worker = await tx.worker.update({ where: { id: worker.id }, data: updates })
  await tx.channelIdentity.update({ where: { id: identity!.id }, data: { lastInboundAt: input.at } })
  return worker
}

export const sealLocation = (crypto: FieldCrypto, location: SharedLocation) => crypto.seal(JSON.stringify(location))
export const openLocation = (crypto: FieldCrypto, sealed: string): SharedLocation => JSON.parse(crypto.open(sealed)) as SharedLocation

/** The blind index of a name as a cadre would type it: spaces and full-width spaces do not count. */
export const nameIndex = (crypto: FieldCrypto, name: string) => crypto.blindIndex(`name:${name.replace(/[\s\u3000]/g, '')}`)
