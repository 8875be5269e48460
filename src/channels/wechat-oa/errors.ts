/**
 * Errors from WeChat's API, typed so the outbound queue can decide between "retry later",
 * "fall back to a template message" and "give up and tell a cadre" without knowing codes.
 */

export type WeChatErrorKind =
  /** The access token was refused (40001, 40014, 42001, 41001); the client already refetched once. */
  | 'token_invalid'
  /** The 48-hour customer-service window is closed (45015): use a template message instead. */
  | 'window_closed'
  /** Too many customer-service messages since the worker last wrote (45047): use a template message. */
  | 'window_exhausted'
  /** Per-minute frequency limit (45011): retry after a minute. */
  | 'rate_limited'
  /** Daily API quota used up (45009): retry tomorrow or after an operator resets the quota. */
  | 'quota_exhausted'
  /** WeChat is busy (-1): retry with backoff. */
  | 'system_busy'
  /** The worker cannot be reached: unfollowed (43004), blocked us (43019), unknown OpenID (40003). */
  | 'recipient_unreachable'
  /** Our setup is wrong: AppID/secret, IP whitelist, template id, missing permission. An operator must act. */
  | 'configuration'
  /** The message itself was refused (too long, bad format). Retrying the same message will not help. */
  | 'invalid_message'
  /** Any other code. */
  | 'unknown'

const KIND_BY_CODE: Record<number, WeChatErrorKind> = {
  [-1]: 'system_busy',
  40001: 'token_invalid',
  40014: 'token_invalid',
  42001: 'token_invalid',
  41001: 'token_invalid',
  45015: 'window_closed',
  45047: 'window_exhausted',
  45011: 'rate_limited',
  45009: 'quota_exhausted',
  43004: 'recipient_unreachable',
  43019: 'recipient_unreachable',
  40003: 'recipient_unreachable',
  40013: 'configuration',
  40125: 'configuration',
  40164: 'configuration',
  40037: 'configuration',
  48001: 'configuration',
  40002: 'configuration',
  45002: 'invalid_message',
  44002: 'invalid_message',
  47001: 'invalid_message',
  47003: 'invalid_message',
}

/** Kinds worth retrying later with the same message. */
const RETRYABLE: ReadonlySet<WeChatErrorKind> = new Set(['system_busy', 'rate_limited', 'quota_exhausted', 'token_invalid'])

/** Access-token errors: refetch the token and try once more. */
export const TOKEN_ERROR_CODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

export const classifyErrcode = (errcode: number): { kind: WeChatErrorKind; retryable: boolean } => {
  const kind = KIND_BY_CODE[errcode] ?? 'unknown'
  return { kind, retryable: RETRYABLE.has(kind) }
}

/** WeChat answered with a non-zero `errcode`. */
export class WeChatApiError extends Error {
  override name = 'WeChatApiError'
  readonly kind: WeChatErrorKind
  readonly retryable: boolean

  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** The endpoint path, without the query (which holds the access token). */
    readonly endpoint: string,
  ) {
    super(`WeChat ${endpoint} failed: ${errcode} ${errmsg}`)
    ;({ kind: this.kind, retryable: this.retryable } = classifyErrcode(errcode))
  }
}

/** WeChat could not be reached or did not answer with JSON: timeouts, resets, HTTP 5xx. Always retryable. */
export class WeChatTransportError extends Error {
  override name = 'WeChatTransportError'
  readonly retryable = true

  constructor(
    message: string,
    readonly endpoint: string,
    options?: { cause?: unknown },
  ) {
    super(`WeChat ${endpoint}: ${message}`, options)
  }
}
