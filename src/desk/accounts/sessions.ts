import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/client.ts'
import type { Account, OrgUnit, Session } from '../../generated/prisma/client.ts'

export type SignedIn = { session: Session; account: Account & { unit: OrgUnit } }
export type SessionPolicy = { idleMs: number; lifetimeMs: number }

/** The cookie carries the token; the database keeps only its digest, so a copy of it opens no session. */
const digest = (token: string) => createHash('sha256').update(token).digest('hex')
const newToken = () => randomBytes(32).toString('base64url')

/** A session for a person who has just proved who they are. */
export async function startSession(db: Db, accountId: string, now: Date, policy: SessionPolicy): Promise<{ token: string; session: Session }> {
  const token = newToken()
  const session = await db.session.create({
    data: { id: digest(token), accountId, csrfToken: newToken(), createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + policy.lifetimeMs) },
  })
  return { token, session }
}

/**
 * The person behind a cookie, or null when the session is unknown, ended, idle too long or
 * past its lifetime (an idle or expired session is ended for good, not just refused).
 * Activity is written at most once a minute: a page view should not be a write each time.
 * `activity: false` is for what a page asks by itself (the inbox's polling): it is checked
 * like any request but does not count as the person being there, so an open tab left alone
 * still times out.
 */
export async function sessionFor(db: Db, token: string | undefined, now: Date, policy: SessionPolicy, opts: { activity?: boolean } = {}): Promise<SignedIn | null> {
  if (!token || token.length > 100) return null
  const session = await db.session.findUnique({ where: { id: digest(token) }, include: { account: { include: { unit: true } } } })
  if (!session || session.endedAt || !session.account.active) return null
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > policy.idleMs) {
    await db.session.update({ where: { id: session.id }, data: { endedAt: now } })
    return null
  }
  if (opts.activity !== false && now.getTime() - session.lastSeenAt.getTime() > 60_000) await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } })
  const { account, ...rest } = session
  return { session: rest, account }
}

/** Sign-out: the session is over on the server, whatever the browser keeps. */
export async function endSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: now } })
}

/** After a password change every other session of the person ends (a thief signed in elsewhere is out). */
export async function endOtherSessions(db: Db, accountId: string, keepSessionId: string, now: Date): Promise<number> {
  const { count } = await db.session.updateMany({ where: { accountId, endedAt: null, id: { not: keepSessionId } }, data: { endedAt: now } })
  return count
}
