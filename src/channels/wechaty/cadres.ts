import { may, scopeOf, ticketsIn } from '../../desk/accounts/index.ts'
import { audit } from '../../desk/audit-trail.ts'
import { redeemCadreBindCode } from '../../desk/chat-links/index.ts'
import type { WorkerDesk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import { replyToTicket, scopedTicket } from '../../desk/tickets/index.ts'
import { renderTemplate } from '../../text/templates.ts'
import type { BotMemory } from './memory.ts'

const CHANNEL = 'wechaty'
const BIND = /^\s*绑定\s*([A-Za-z0-9]{4,16})\s*$/
const NUMBER = /NJ-\d{6}-\d{4,}/
/** How WeChat shows a quoted reply in text: the quote, a dashed line, then what was written. */
const QUOTE_SEPARATOR = /\n\s*(?:-\s*){5,}\n/
const MAX_REPLY = 2000

export type Say = (text: string) => Promise<void>

/** "绑定 ABCD2345": a cadre links this WeChat to their console account. True when the message was one. */
export async function bindIfAsked(desk: WorkerDesk, contactId: string, text: string, at: Date, say: Say): Promise<boolean> {
  const code = BIND.exec(text)?.[1]
  if (!code) return false
  const texts = desk.wording.texts('wechaty')
  const linked = await redeemCadreBindCode(desk, { channel: CHANNEL, contactId, code, at })
  desk.logger.info({ channel: CHANNEL, linked: linked !== null }, linked ? 'a cadre linked their WeChat to the bot' : 'a binding code was refused')
  await say(linked ? renderTemplate(texts['cadre-bound'], { displayName: linked.displayName }) : texts['cadre-bind-failed'])
  return true
}

/** What a cadre's message says: the ticket it answers (quoted, written, or the last notice's) and their own words. */
export function readCadreReply(text: string): { number: string | null; words: string } {
  const [quoted, own] = QUOTE_SEPARATOR.test(text) ? (text.split(QUOTE_SEPARATOR, 2) as [string, string]) : ['', text]
  const written = NUMBER.exec(own)?.[0] ?? null
  const number = NUMBER.exec(quoted)?.[0] ?? written
  // A number typed at the start is the address, not part of the answer.
  const words = own.replace(new RegExp(`^\\s*${NUMBER.source}[\\s:：,，]*`), '').trim()
  return { number, words }
}

/**
 * A linked cadre wrote to the bot: their answer to the ticket of the notice they reply to,
 * under the console's rules: their account must be active and allowed to work, the ticket in
 * their scope and open, the text within the console's 2,000 characters; recorded as theirs
 * (actor account:<login>, audited), once per message (the message id is the reply's one-time key).
 */
export async function answerAsCadre(
  desk: WorkerDesk,
  memory: BotMemory,
  input: { cadreId: string; messageId: string; text: string },
  say: Say,
): Promise<'replied' | 'refused'> {
  const texts = desk.wording.texts('wechaty')
  const refuse = async (reason: string) => {
    await say(renderTemplate(texts['cadre-reply-refused'], { reason }))
    return 'refused' as const
  }
  const said = readCadreReply(input.text)
  const number = said.number ?? (await memory.lastNoticeTicket(input.cadreId))
  if (!number) return refuse('没找到要答复的工单，请引用提醒回复，或者在开头写上工单编号')
  if (!said.words) return refuse('答复是空的')
  if (said.words.length > MAX_REPLY) return refuse(`内容太长了（最多 ${MAX_REPLY} 字）`)
  const account = await desk.db.account.findUnique({ where: { cadreId: input.cadreId }, include: { unit: true } })
  if (!account?.active || !may(account.role, 'work')) return refuse('您的账号不能答复工单')
  const ticket = await scopedTicket(desk.db, ticketsIn(scopeOf(account)), number)
  if (!ticket) return refuse(`工单 ${number} 不在您的单位里`)
  try {
    const sent = await replyToTicket(desk, { number, text: said.words, cadreId: input.cadreId, actor: `account:${account.login}`, onceKey: `wechaty:${input.messageId}` })
    if (!sent.duplicate) await audit(desk.db, { accountId: account.id, action: 'ticket.replied', ticketId: ticket.id, data: { via: CHANNEL }, at: desk.now() })
  } catch (err) {
    if (err instanceof DeskError && err.code === 'ticket_closed') return refuse(`工单 ${number} 已经办结`)
    if (err instanceof DeskError && err.code === 'ticket_not_found') return refuse(`没找到工单 ${number}`)
    throw err
  }
  desk.logger.info({ channel: CHANNEL, ticket: number }, 'a cadre answered a ticket from WeChat')
  await say(renderTemplate(texts['cadre-replied'], { ticketNumber: number }))
  return 'replied'
}
