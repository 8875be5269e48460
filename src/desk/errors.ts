/**
 * What the desk refuses, and why, as a code a client can branch on and a sentence a person
 * can act on. The HTTP layer turns codes into statuses in one map (src/http/errors.ts), so
 * desk code never speaks HTTP and a new code without a status is a compile error there.
 */
export const deskErrorCodes = [
  'ticket_not_found',
  'ticket_closed',
  'cadre_not_found',
  'already_assigned',
  'unchanged',
  'callback_not_found',
  'callback_closed',
  'hardship_not_found',
  'already_in_archive',
  'already_exited',
  'unit_not_found',
  'worker_not_found',
  'account_invalid',
  'login_taken',
  'wording_invalid',
  'knowledge_invalid',
  'posting_not_found',
  'posting_invalid',
  'posting_closed',
  'employer_not_found',
  'chat_group_not_found',
  'not_allowed',
] as const
export type DeskErrorCode = (typeof deskErrorCodes)[number]

export class DeskError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DeskError'
  }
}

export const ticketNotFound = (number: string) =>
  new DeskError('ticket_not_found', `No ticket ${number}. Check the number (it looks like NJ-261125-0007).`)
