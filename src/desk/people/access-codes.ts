import type { Db } from '../../db/client.ts'
import type { FieldCrypto } from '../../privacy/field-crypto.ts'
import { ticketNotFound } from '../errors.ts'

/**
 * A web request's access code: with the ticket number, the only way to see or add to a web
 * ticket. Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 49
 * bits, drawn with the platform's CSPRNG; shown to the worker once and stored only as a
 * keyed hash (an HMAC under the desk's index key), so a copy of the database alone cannot
 * test guesses offline. Workers may type it in lower case, with spaces or dashes.
 */
export const ACCESS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const ACCESS_CODE_LENGTH = 10

/** `length`: shorter codes for what lives minutes, not months (a cadre's WeChat binding code). */
export function newAccessCode(length = ACCESS_CODE_LENGTH): string {
  const out: string[] = []
  const n = ACCESS_CODE_ALPHABET.length
  // Rejection sampling keeps every character equally likely: 248 = 8 × 31 is the largest multiple under 256.
  const limit = 256 - (256 % n)
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < limit && out.length < length) out.push(ACCESS_CODE_ALPHABET[byte % n]!)
    }
  }
  return out.join('')
}

export const normaliseAccessCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '')

export const hashAccessCode = (fieldCrypto: Pick<FieldCrypto, 'blindIndex'>, code: string) =>
  fieldCrypto.blindIndex(`access-code:${normaliseAccessCode(code)}`)

/**
 * The ticket a number and code open, with the web identity that wrote it. A wrong code, a
 * ticket without one (written on WeChat) and no ticket at all are the same answer: no such
 * ticket, so a prober cannot tell which numbers exist.
 */
export async function ticketByAccessCode(desk: { db: Db; crypto: Pick<FieldCrypto, 'blindIndex'> }, number: string, code: string) {
  const ticket = await desk.db.ticket.findUnique({ where: { number }, select: { id: true, number: true, workerId: true, accessCodeHash: true, channel: true } })
  const given = hashAccessCode(desk.crypto, code)
  if (!ticket?.accessCodeHash || !sameHash(ticket.accessCodeHash, given)) throw ticketNotFound(number)
  const identity = await desk.db.channelIdentity.findFirst({ where: { workerId: ticket.workerId, channel: ticket.channel }, orderBy: { lastInboundAt: 'desc' } })
  if (!identity) throw ticketNotFound(number)
  return { ticketId: ticket.id, number: ticket.number, workerId: ticket.workerId, channel: ticket.channel, externalUserId: identity.externalId }
}

/** Equal-length hashes compared in constant time: how long this takes says nothing about the code. */
function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
