import type { Desk } from '../desk/desk.ts'
import { acceptMessage } from '../desk/intake/index.ts'
import { ticketByAccessCode } from '../desk/people/index.ts'
import type { RateLimits } from '../lib/limits.ts'
import type { IntakeResult } from './types.ts'

/** A message written on the web (the API's JSON body or the portal's form), already validated. */
export type WebMessage = {
  text: string
  name?: string
  phone?: string
  orgHint?: string
  /** The sender's retry key: the same id again answers as before and creates nothing new. */
  clientMessageId?: string
  /** To add to (or rate) an earlier request: its number, with its access code. */
  ticketNumber?: string
  accessCode?: string
  /** To answer the desk's question before a ticket exists: the key its answer gave. */
  conversation?: string
  /** The portal's separate consent to keep sensitive facts. */
  sensitiveConsent?: boolean
}

export type WebIntake = { accepted: true; result: IntakeResult } | { accepted: false; limit: 'web_ticket'; retryAfterSeconds: number }

/**
 * The web channel's intake, shared by POST /api/messages and the portal's forms. A message
 * without a ticket number is a new request: its own identity, its own ticket, and an access
 * code in the answer. With a number and its code it adds to (or rates) that request; a wrong
 * code throws ticket_not_found, exactly as a missing ticket does. A phone or a name is kept on
 * the request, sealed, and identifies nobody. A retry's clientMessageId is the dedupe key only
 * within its scope: the request it continues, or (for a new one) together with the same text.
 *
 * The per-address limit (web_intake) is the caller's, taken before the body is even read; the
 * per-request limit (web_ticket) is taken here, before anything is written.
 */
export async function acceptWebMessage(desk: Desk, limits: RateLimits, body: WebMessage): Promise<WebIntake> {
  if (body.ticketNumber) {
    const verdict = await limits.take('web_ticket', body.ticketNumber)
    if (!verdict.allowed) return { accepted: false, limit: 'web_ticket', retryAfterSeconds: verdict.retryAfterSeconds }
  }
  const requester = body.ticketNumber ? await ticketByAccessCode(desk, body.ticketNumber, body.accessCode ?? '') : null
  // Before a ticket exists, the conversation key is the request's identity: random, and kept only as a keyed hash.
  const key = requester ? null : (body.conversation ?? conversationKey())
  const externalUserId = requester?.externalUserId ?? `req-${desk.crypto.blindIndex(`conversation\u0000${key}`)}`
  const scope = requester ? `t-${requester.ticketId}` : body.conversation ? `c-${externalUserId}` : 'new'
  const retryKey = body.clientMessageId ? desk.crypto.blindIndex(`${body.clientMessageId}\u0000${requester || body.conversation ? '' : body.text}`) : null
  const result = await acceptMessage(desk, {
    channel: 'web',
    externalUserId,
    externalMessageId: retryKey ? `${scope}-${retryKey}` : `web-${crypto.randomUUID()}`,
    text: body.text,
    profile: { name: body.name, phone: body.phone, orgHint: body.orgHint },
    ...(body.sensitiveConsent ? { consent: { sensitive: true } } : {}),
    receivedAt: desk.now(),
  })
  // The key goes back only while there is no ticket to continue with its number and code.
  return { accepted: true, result: key && !result.ticketNumber ? { ...result, conversation: key } : result }
}

const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
/** 24 characters from 57: about 140 bits, as hard to guess as a session. */
function conversationKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return Array.from(bytes, (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('')
}
