import type { Desk } from '../desk.ts'
import { publicBase } from './words.ts'

/**
 * The one-tap unsubscribe link in every push: the subscription's id and a keyed tag, so
 * nothing is stored for it and nobody can end another worker's subscription by guessing ids.
 */
const tag = (desk: Pick<Desk, 'crypto'>, subscriptionId: string) => desk.crypto.blindIndex(`job-unsubscribe:${subscriptionId}`).slice(0, 22)

export const unsubscribeToken = (desk: Pick<Desk, 'crypto'>, subscriptionId: string) => `${subscriptionId}.${tag(desk, subscriptionId)}`

export const unsubscribeLink = (desk: Pick<Desk, 'crypto' | 'config'>, subscriptionId: string) => `${publicBase(desk)}/jobs/unsubscribe/${unsubscribeToken(desk, subscriptionId)}`

/** The subscription a link names, or null for a link that was altered. */
export function subscriptionOfToken(desk: Pick<Desk, 'crypto'>, token: string): string | null {
  const m = /^([a-z0-9]{10,40})\.([A-Za-z0-9_-]{22})$/.exec(token)
  if (!m) return null
  const expected = tag(desk, m[1]!)
  // Same length by the pattern; a constant-time compare keeps the tag from leaking byte by byte.
  let diff = 0
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ m[2]!.charCodeAt(i)
  return diff === 0 ? m[1]! : null
}
