import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { DeskActionError } from '../desk/ticket-actions.ts'
import { TicketNotFound } from '../desk/tickets.ts'
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

/** The single place where failures become HTTP answers. Unknown errors are logged and never shown. */
export function onError(err: Error, c: Context<AppEnv>) {
  const log = c.get('logger')
  if (err instanceof TicketNotFound) return c.json(errorBody('ticket_not_found', err.message), 404)
  if (err instanceof DeskActionError) {
    log?.info({ code: err.code, status: err.status }, 'cadre action refused')
    return c.json(errorBody(err.code, err.message), err.status)
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
    return c.json(errorBody('unavailable', 'The desk cannot store messages right now. Nothing was saved; please try again in a minute.'), 503)
  }
  log?.error({ err: { name: err.name, message: err.message, stack: err.stack } }, 'unhandled error')
  return c.json(errorBody('internal', 'Something went wrong on our side. It has been logged; please try again.'), 500)
}

/** Database or Redis down: the caller should retry, not give up. */
function isUnavailable(err: Error): boolean {
  const text = `${err.name} ${err.message}`
  return /SQLITE_BUSY|SQLITE_CANTOPEN|database is locked|ECONNREFUSED|Connection is closed|Stream isn't writeable|P1001|P1008|P2024/i.test(text)
}
