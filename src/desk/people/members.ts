import type { Tx } from '../../db/client.ts'
import type { Worker } from '../../generated/prisma/client.ts'
import type { FieldCrypto } from '../../privacy/field-crypto.ts'
import { normalisePhone } from '../../privacy/phone.ts'

type Profile = { name?: string; phone?: string }

/**
 * Union members who wrote to the desk (the Worker table: "worker" as in 职工, not a queue
 * worker). Finds the worker behind a channel identity, or creates them. A phone number, when
 * given, ties identities on different channels to one worker. Name and phone are stored
 * sealed; only the phone's keyed blind index is searchable.
 */
export async function findOrCreateWorker(
  tx: Tx,
  crypto: FieldCrypto,
  input: { channel: string; externalUserId: string; profile: Profile; unitId?: string; location?: { lat?: number; lng?: number; label?: string }; at: Date },
): Promise<Worker> {
  const identity = await tx.channelIdentity.findUnique({
    where: { channel_externalId: { channel: input.channel, externalId: input.externalUserId } },
    include: { worker: true },
  })
  const phone = input.profile.phone ? normalisePhone(input.profile.phone) : undefined
  const phoneHash = phone ? crypto.blindIndex(phone) : undefined
  let worker = identity?.worker ?? (phoneHash ? await tx.worker.findUnique({ where: { phoneHash } }) : null)

  const updates = {
    ...(input.profile.name ? { nameEnc: crypto.seal(input.profile.name) } : {}),
    ...(phone && phoneHash && worker?.phoneHash !== phoneHash ? { phoneEnc: crypto.seal(phone), phoneHash } : {}),
    ...(input.unitId && !worker?.unitId ? { unitId: input.unitId } : {}),
    ...(input.location ? { location: JSON.stringify(input.location) } : {}),
  }
  const newIdentity = { channel: input.channel, externalId: input.externalUserId, lastInboundAt: input.at }
  if (!worker) {
    // The common case for a first message: worker and identity in one statement.
    return tx.worker.create({ data: { ...updates, identities: { create: newIdentity } } })
  }
  if (Object.keys(updates).length > 0) worker = await tx.worker.update({ where: { id: worker.id }, data: updates })
  if (identity) await tx.channelIdentity.update({ where: { id: identity.id }, data: { lastInboundAt: input.at } })
  else await tx.channelIdentity.create({ data: { ...newIdentity, workerId: worker.id } })
  return worker
}
