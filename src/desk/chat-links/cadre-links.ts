import type { Channel } from '../../channels/types.ts'
import type { Db, Tx } from '../../db/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { audit } from '../audit-trail.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'
import { ACCESS_CODE_ALPHABET, newAccessCode, normaliseAccessCode } from '../people/index.ts'
import { countWrongCode, mayTryCode, type LimitDesk } from './wrong-codes.ts'

/**
 * A cadre's own WeChat, linked to their console account: the console shows them a one-time
 * code, they send it to the bot (绑定 ABCD2345), and from then on the bot brings them their
 * notices and takes their reply to a notice as their answer. The code is drawn like a web
 * ticket's access code (no look-alike characters), eight characters, good for ten minutes and
 * once; only its keyed hash is stored, so a copy of the database tells nobody a live code.
 */
export const BIND_CODE_LENGTH = 8
export const BIND_CODE_MINUTES = 10

type CodeDesk = Pick<Desk, 'db' | 'crypto' | 'now'>
/** Redeeming counts wrong codes in Redis: a desk with its queues' connection (a WorkerDesk is one). */
export type RedeemDesk = Pick<Desk, 'db' | 'crypto'> & LimitDesk

const hashBindCode = (crypto: Desk['crypto'], code: string) => crypto.blindIndex(`cadre-bind-code:${normaliseAccessCode(code)}`)
const wellFormed = (code: string) => code.length === BIND_CODE_LENGTH && [...code].every((ch) => ACCESS_CODE_ALPHABET.includes(ch))

/** A cadre who may be reached and answer through a chat: active, and with a console account that is not disabled. */
const reachable: Prisma.CadreWhereInput = { active: true, OR: [{ account: null }, { account: { active: true } }] }

async function accountOf(db: Db | Tx, cadreId: string) {
  return (await db.account.findUnique({ where: { cadreId }, select: { id: true, displayName: true } })) ?? null
}

/**
 * A fresh code for the cadre, in plain text this once (the console shows it; it is not kept).
 * Any earlier code of theirs stops working.
 */
export async function issueCadreBindCode(desk: CodeDesk, cadreId: string): Promise<{ code: string; expiresAt: Date }> {
  const now = desk.now()
  const cadre = await desk.db.cadre.findFirst({ where: { id: cadreId, ...reachable }, select: { id: true } })
  if (!cadre) throw new DeskError('cadre_not_found', `No active cadre ${cadreId}.`)
  const expiresAt = new Date(now.getTime() + BIND_CODE_MINUTES * 60_000)
  for (let attempt = 1; ; attempt++) {
    const code = newAccessCode(BIND_CODE_LENGTH)
    try {
      await inTransaction(desk.db, async (tx) => {
        await tx.cadreBindCode.deleteMany({ where: { cadreId } })
        await tx.cadreBindCode.create({ data: { cadreId, codeHash: hashBindCode(desk.crypto, code), createdAt: now, expiresAt } })
        await audit(tx, { accountId: (await accountOf(tx, cadreId))?.id ?? null, action: 'chatlink.code_issued', data: { cadreId }, at: now })
      })
      return { code, expiresAt }
    } catch (err) {
      // Another live code hashes the same (one chance in 10^11): draw again.
      if (!isUniqueViolation(err) || attempt >= 3) throw err
    }
  }
}

/**
 * A contact sent the bot a code. The right, unexpired, unused code of an active cadre links
 * that contact to them (moving the link from an earlier contact of theirs, or from another
 * cadre the contact was linked to) and is used up. Anything else is null: wrong, expired,
 * used, or too many wrong codes from this contact lately (wrong-codes.ts). On the audit trail.
 */
export async function redeemCadreBindCode(
  desk: RedeemDesk,
  input: { channel: Channel; contactId: string; code: string; at: Date },
): Promise<{ cadreId: string; displayName: string } | null> {
  const limitKey = `${input.channel}:${desk.crypto.blindIndex(`contact:${input.contactId}`)}`
  if (!(await mayTryCode(desk, limitKey))) return null
  const code = normaliseAccessCode(input.code)
  // Looked up by its keyed hash: how long this takes says nothing about how close a guess was.
  const found = wellFormed(code)
    ? await desk.db.cadreBindCode.findUnique({ where: { codeHash: hashBindCode(desk.crypto, code) }, include: { cadre: { select: { id: true, name: true } } } })
    : null
  const live = found && !found.usedAt && found.expiresAt > input.at
  const cadreOk = live && (await desk.db.cadre.count({ where: { id: found.cadreId, ...reachable } })) === 1
  if (!found || !live || !cadreOk) {
    if (await countWrongCode(desk, limitKey)) {
      await audit(desk.db, { accountId: null, action: 'chatlink.locked', data: { channel: input.channel }, at: input.at })
    }
    return null
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const linked = await inTransaction(desk.db, async (tx) => {
        // Used once: of two redeems at once, one claims it.
        const claimed = await tx.cadreBindCode.updateMany({ where: { id: found.id, usedAt: null }, data: { usedAt: input.at } })
        if (claimed.count !== 1) return null
        const earlier = await tx.cadreChatLink.findMany({ where: { OR: [{ cadreId: found.cadreId, channel: input.channel }, { channel: input.channel, contactId: input.contactId }] } })
        await tx.cadreChatLink.deleteMany({ where: { id: { in: earlier.map((l) => l.id) } } })
        await tx.cadreChatLink.create({ data: { cadreId: found.cadreId, channel: input.channel, contactId: input.contactId, boundAt: input.at } })
        const account = await accountOf(tx, found.cadreId)
        const fromCadre = earlier.find((l) => l.cadreId !== found.cadreId)?.cadreId
        await audit(tx, {
          accountId: account?.id ?? null, action: 'chatlink.linked', at: input.at,
          data: { cadreId: found.cadreId, channel: input.channel, ...(earlier.some((l) => l.cadreId === found.cadreId) ? { replacedOwnLink: true } : {}), ...(fromCadre ? { movedFromCadre: fromCadre } : {}) },
        })
        return { cadreId: found.cadreId, displayName: account?.displayName ?? found.cadre.name }
      })
      return linked
    } catch (err) {
      // The same contact redeemed another cadre's code at the same moment: try again on what that left.
      if (!isUniqueViolation(err) || attempt >= 3) throw err
    }
  }
}

/** The cadre a chat contact is linked to, while that cadre is active; null for everyone else (a worker). */
export async function cadreByContact(db: Db, input: { channel: Channel; contactId: string }): Promise<string | null> {
  const link = await db.cadreChatLink.findFirst({ where: { channel: input.channel, contactId: input.contactId, cadre: reachable }, select: { cadreId: true } })
  return link?.cadreId ?? null
}

/** The contact to bring a cadre's notices to on this channel, while the cadre is active. */
export async function contactOfCadre(db: Db, input: { cadreId: string; channel: Channel }): Promise<string | null> {
  const link = await db.cadreChatLink.findFirst({ where: { cadreId: input.cadreId, channel: input.channel, cadre: reachable }, select: { contactId: true } })
  return link?.contactId ?? null
}

/** What the console shows a cadre of their links: the channel and since when (the contact id stays with the bot). */
export async function cadreLinks(db: Db, cadreId: string): Promise<{ channel: string; boundAt: Date }[]> {
  return db.cadreChatLink.findMany({ where: { cadreId }, select: { channel: true, boundAt: true }, orderBy: { boundAt: 'asc' } })
}

/** Ends a cadre's link on a channel (their own choice in the console); true when there was one. */
export async function unlinkCadre(desk: Pick<Desk, 'db' | 'now'>, cadreId: string, by: { accountId: string | null; channel: Channel }): Promise<boolean> {
  const at = desk.now()
  return inTransaction(desk.db, async (tx) => {
    const { count } = await tx.cadreChatLink.deleteMany({ where: { cadreId, channel: by.channel } })
    if (count) await audit(tx, { accountId: by.accountId, action: 'chatlink.unlinked', data: { cadreId, channel: by.channel }, at })
    return count > 0
  })
}
