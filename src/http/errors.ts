import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'
import { isTransientDbError } from '../db/errors.ts'
import { DeskError, type DeskErrorCode } from '../desk/errors.ts'
import type { AppEnv } from './env.ts'

/**
 * One error shape for every API answer: a stable code a client can branch on and a
 * message a person can act on.
 */
export type ErrorBody = { error: { code: string; message: string; details?: { path: string; message: string }[] } }

export const errorBody = (code: string, message: string, details?: ErrorBody['error']['details']): ErrorBody => ({
  error: { code, message, ...(details ? { details } : {}) },
})

export function validationError(c: Context, error: ZodError) {
  const details = error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }))
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ')
  return c.json(errorBody('invalid_request', `The request is not valid: ${summary}`, details), 400)
}

/** What each of the desk's refusals is in HTTP. A new code without a status here does not compile. */
export const deskErrorStatus = {
  ticket_not_found: 404,
  ticket_closed: 409,
  cadre_not_found: 404,
  already_assigned: 409,
  unchanged: 409,
  callback_not_found: 404,
  callback_closed: 409,
  hardship_not_found: 404,
  already_in_archive: 409,
  already_exited: 409,
  unit_not_found: 404,
  worker_not_found: 404,
  account_invalid: 422,
  login_taken: 409,
  wording_invalid: 422,
  knowledge_invalid: 422,
  posting_not_found: 404,
  posting_invalid: 422,
  posting_closed: 409,
  employer_not_found: 404,
  chat_group_not_found: 404,
  not_allowed: 403,
} as const satisfies Record<DeskErrorCode, ContentfulStatusCode>

/** The single place where failures become HTTP answers. Unknown errors are logged and never shown. */
export function onError(err: Error, c: Context<AppEnv>) {
  const log = c.get('logger')
  if (err instanceof DeskError) {
    const status = deskErrorStatus[err.code]
    log?.info({ code: err.code, status }, 'request refused by the desk')
    return c.json(errorBody(err.code, err.message), status)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    const code = status === 413 ? 'body_too_large' : status === 401 ? 'unauthorized' : status === 400 ? 'bad_request' : 'http_error'
    const message =
      status === 413 ? 'The request body is over the 64 KB limit. Send the message text only, not attachments.' : err.message || 'Bad request'
    log?.info({ status, code }, 'request refused')
    return c.json(errorBody(code, message), status)
  }
  if (isUnavailable(err)) {
    log?.error({ err: { name: err.name, message: err.message } }, 'dependency unavailable')
    // Reached only once the waiting is spent (a transaction waits for SQLite's lock first): say when to come back.
    c.header('Retry-After', String(unavailableRetryAfterSeconds))
    return c.json(errorBody('unavailable', 'The desk cannot store messages right now. Nothing was saved; please try again in a minute.'), 503)
  }
  log?.error({ err: { name: err.name, message: err.message, stack: err.stack } }, 'unhandled error')
  return c.json(errorBody('internal', 'Something went wrong on our side. It has been logged; please try again.'), 500)
}

/** What a 503 tells the client to wait before retrying; the message says "in a minute" too. */
const unavailableRetryAfterSeconds = 60

/** Database or Redis down: the caller should retry, not give up. */
function isUnavailable(err: Error): boolean {
  if (isTransientDbError(err)) return true
  // ioredis reports a lost connection only in words.
  return /ECONNREFUSED|Connection is closed|Stream isn't writeable/i.test(err.message)
}
