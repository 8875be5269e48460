/**
 * Request limits, shared by every process through Redis (src/node/rate-limits.ts builds
 * them; this module only says what they are, so the app and the channels stay free of
 * Node-only code; src/http/limits.ts turns a refusal into a 429).
 *
 * - web_intake: new web requests and messages per client address (a person typing gets
 *   through; a script cannot flood cadres with tickets);
 * - web_ticket: messages to one request, whoever sends them;
 * - status: status look-ups per client address (no walking through ticket numbers);
 * - admin_failures: failed admin-token attempts per address; past the limit the address is
 *   locked out, with the right token too, until the window passes;
 * - wechat_openid: messages per WeChat user (WeChat's servers send from a few addresses);
 * - console_failures: wrong console passwords per sign-in name (lockout of that name; a
 *   right password clears it);
 * - console_address_failures: wrong console passwords per address, whatever the name, with a
 *   much higher allowance (an office signs in from behind one NAT address).
 */
export const limitKinds = ['web_intake', 'web_ticket', 'status', 'admin_failures', 'wechat_openid', 'console_failures', 'console_address_failures'] as const
export type LimitKind = (typeof limitKinds)[number]

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

export interface RateLimits {
  /** Takes one from the allowance; a refusal says when trying again can work. Nothing is taken on a refusal's behalf. */
  take(kind: LimitKind, key: string): Promise<LimitVerdict>
  /** Whether the allowance is used up, without taking from it. */
  check(kind: LimitKind, key: string): Promise<LimitVerdict>
  /** Forgets what was taken for this key (a right password clears its name's failures). */
  reset(kind: LimitKind, key: string): Promise<void>
}

/** No limits: for apps built without Redis (unit tests of routes). */
export const unlimited: RateLimits = { take: async () => ({ allowed: true }), check: async () => ({ allowed: true }), reset: async () => {} }

