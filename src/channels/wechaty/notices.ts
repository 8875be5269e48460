import type { Wechaty } from 'wechaty'
import { contactOfCadre } from '../../desk/chat-links/index.ts'
import type { WorkerDesk } from '../../desk/desk.ts'
import { renderTemplate } from '../../text/templates.ts'
import { localTime } from '../../text/when.ts'
import { SendError } from '../types.ts'
import type { BotMemory } from './memory.ts'

/** What a notice is called in the cadre's WeChat: the console inbox's words. */
const kindLabels: Record<string, string> = {
  'sla.reminder': '快到答复时限了', 'sla.escalated': '工单超时，已升级', 'leader.notified': '有工单请您关注', 'ticket.assigned': '新工单分给您',
  'callback.due': '回访到期', 'callback.overdue': '回访超期', 'satisfaction.unsatisfied': '职工不满意', 'worker.wants_person': '职工要求人工', 'erasure.requested': '职工要求删除个人信息',
}

export type NoticeOutcome = 'sent' | 'not_linked' | 'missing' | 'already_sent'

/** The contact a notice goes to (its cadre's linked WeChat), or null: the pace is counted per contact. */
export async function noticeContact(desk: WorkerDesk, noticeId: string): Promise<string | null> {
  const n = await desk.db.cadreNotice.findUnique({ where: { id: noticeId }, select: { cadreId: true } })
  return n ? contactOfCadre(desk.db, { cadreId: n.cadreId, channel: 'wechaty' }) : null
}

/**
 * Brings one notice to the cadre's WeChat: its kind, the ticket number and the deadline, as
 * the console inbox shows it (no word of what the worker wrote). Sent at most once: the send
 * is claimed in Redis first, so a repeated job after a crash mid-send tells nobody twice (the
 * inbox has it either way). The ticket becomes the one a bare reply from the cadre answers.
 */
export async function sendCadreNotice(desk: WorkerDesk, bot: Wechaty, memory: BotMemory, noticeId: string): Promise<NoticeOutcome> {
  const notice = await desk.db.cadreNotice.findUnique({ where: { id: noticeId } })
  if (!notice) return 'missing'
  const contactId = await contactOfCadre(desk.db, { cadreId: notice.cadreId, channel: 'wechaty' })
  if (!contactId) return 'not_linked'
  const contact = await bot.Contact.find({ id: contactId })
  if (!contact) throw new SendError('the cadre’s contact is not among the bot’s contacts', 'no_contact', false)
  const ticket = notice.ticketId ? await desk.db.ticket.findUnique({ where: { id: notice.ticketId }, select: { number: true } }) : null
  const data = notice.data ? (JSON.parse(notice.data) as { dueAt?: string }) : {}
  const text = renderTemplate(desk.wording.texts('wechaty')['cadre-notice'], {
    kindLabel: kindLabels[notice.kind] ?? '工单提醒',
    ticketNumber: ticket?.number ?? '',
    dueText: data.dueAt ? localTime(new Date(data.dueAt), undefined, desk.now()) : '',
  })
  if (!(await memory.once('cadre-notice', notice.id))) return 'already_sent'
  try {
    await contact.say(text)
  } catch (err) {
    // Nothing went out: the claim is given back so the retry sends it.
    await memory.forget('cadre-notice', notice.id)
    throw new SendError(`the puppet could not send: ${(err as Error).message.slice(0, 200)}`, 'puppet_error', true)
  }
  if (ticket) await memory.noticeSent(notice.cadreId, ticket.number)
  desk.metrics.deliveries.inc({ channel: 'wechaty', status: 'sent' })
  return 'sent'
}
