import type { DeskError, DeskErrorCode } from '../../desk/errors.ts'
import { deskErrorStatus } from '../../http/errors.ts'

/**
 * The desk's refusals in a cadre's words. The desk speaks the API's language (English) for
 * the codes a machine meets; the console says them in Chinese here, in one place. Codes
 * left out (account_invalid, login_taken, wording_invalid) carry words written for people
 * already. A page may say a code more precisely for its own action (`own`).
 */
const words: Partial<Record<DeskErrorCode, string>> = {
  ticket_not_found: '没有这个工单，或者它不归您所在的单位管。',
  ticket_closed: '这件工单已经办结了，不能再答复、提问或更改。',
  cadre_not_found: '没有这位干部，或者 TA 已经停用了。',
  already_assigned: '这件工单本来就在这位干部手上。',
  unchanged: '和原来一样，没有改动。',
  callback_not_found: '没有这条回访，或者它不归您所在的单位管。',
  callback_closed: '这条回访已经记过结果了。',
  hardship_not_found: '没有这份困难职工档案。',
  already_in_archive: '这位职工已经在困难职工档案里了。',
  already_exited: '这份困难职工档案已经退出了。',
  unit_not_found: '没有这个单位。',
  worker_not_found: '没有这位职工的档案。',
}

export type Refusal = { message: string; status: 403 | 404 | 409 | 422 }

/**
 * A refusal's words and status: 409 for what the record's state refuses (closed, already so),
 * 404 only when the thing acted on is gone, and 422 for the rest: on a form, a missing cadre or
 * worker is a choice that will not do, not a page that does not exist.
 */
export function refusal(err: DeskError, own: Partial<Record<DeskErrorCode, string>> = {}): Refusal {
  const status = deskErrorStatus[err.code]
  const gone = err.code === 'ticket_not_found' || err.code === 'callback_not_found'
  return { message: own[err.code] ?? words[err.code] ?? err.message, status: gone ? 404 : status === 409 ? 409 : 422 }
}
