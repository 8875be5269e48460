import { describe, expect, it } from 'vitest'
import { issueCadreBindCode } from '../../../src/desk/chat-links/index.ts'
import { notifyCadre } from '../../../src/desk/messaging/index.ts'
import { inTransaction } from '../../../src/db/transaction.ts'
import { deskForThisFile, eventually } from '../../support/desk.ts'
import { mockWeChat, quickPace, ticketNumberIn } from './support.ts'

const wechat = mockWeChat()
const t = deskForThisFile({ env: { WECHATY_PUPPET: 'wechaty-puppet-mock', ...quickPace }, botPuppet: wechat.puppet }, (desk) => wechat.login(desk))

describe('a cadre who bound their WeChat to the bot', () => {
  it('gets a reminder from the bot and answers the ticket by replying to it, as themselves', async () => {
    const worker = wechat.contact('孙师傅')
    worker.say('老板欠我们工资三个月了，一直拖着不给').to(wechat.self)
    const number = ticketNumberIn((await eventually(async () => wechat.sentTo(worker.id)[0])).text)!
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    const cadreId = ticket.assigneeId!
    const account = await t.desk.db.account.create({ data: { login: 'wx-cadre', displayName: '林晓燕', passwordHash: 'not-used', role: 'cadre', unitId: ticket.unitId, cadreId } })

    const cadre = wechat.contact('林晓燕的微信')
    cadre.say('绑定 WRONG123').to(wechat.self)
    expect((await eventually(async () => wechat.sentTo(cadre.id)[0])).text).toContain('绑定码不对')
    const { code } = await issueCadreBindCode(t.desk, cadreId)
    cadre.say(`绑定 ${code}`).to(wechat.self)
    expect((await eventually(async () => wechat.sentTo(cadre.id)[1])).text).toContain('林晓燕，您的微信已经绑定好了')

    // A reminder, told the way every caller tells a cadre: in its transaction, through the outbox.
    const dueAt = new Date(Date.now() + 3600_000)
    await inTransaction(t.desk.db, (tx) => notifyCadre(tx, { cadreId, kind: 'sla.reminder', ticketId: ticket.id, dedupeKey: `test-reminder-${ticket.id}`, at: new Date(), data: { dueAt: dueAt.toISOString() } }))
    const notice = await eventually(async () => wechat.sentTo(cadre.id)[2])
    expect(notice.text).toContain(`工单 ${number}`)
    expect(notice.text).toContain('快到答复时限了')
    expect(notice.text).not.toContain('欠') // no word of what the worker wrote

    // A quoted reply (WeChat puts the quote above a dashed line) answers that ticket.
    cadre.say(`「娘家机器人：${notice.text.slice(0, 30)}」\n- - - - - - - - - - - - - - -\n孙师傅您好，我是工会的林晓燕，明天上午给您打电话。`).to(wechat.self)
    const toWorker = await eventually(async () => wechat.sentTo(worker.id)[1])
    expect(toWorker.text).toBe('孙师傅您好，我是工会的林晓燕，明天上午给您打电话。')
    expect((await eventually(async () => wechat.sentTo(cadre.id)[3])).text).toContain(`已答复工单 ${number}`)
    const answered = await t.desk.db.message.findFirstOrThrow({ where: { ticketId: ticket.id, direction: 'out', text: toWorker.text } })
    expect(answered.authorCadreId).toBe(cadreId)
    const event = await t.desk.db.ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'ticket.replied' } })
    expect(event.actor).toBe('account:wx-cadre')
    expect(await t.desk.db.auditEntry.count({ where: { accountId: account.id, action: 'ticket.replied', ticketId: ticket.id } })).toBe(1)

    // A bare reply goes to the ticket of the last notice.
    cadre.say('材料也请带上劳动合同。').to(wechat.self)
    expect((await eventually(async () => wechat.sentTo(worker.id)[2])).text).toBe('材料也请带上劳动合同。')
    // Their messages opened no ticket of their own.
    expect(await t.desk.db.channelIdentity.count({ where: { channel: 'wechaty', externalId: cadre.id } })).toBe(0)
  })
})
