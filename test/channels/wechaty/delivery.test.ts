import { describe, expect, it } from 'vitest'
import { replyToTicket } from '../../../src/desk/tickets/index.ts'
import { deskForThisFile, eventually } from '../../support/desk.ts'
import { mockWeChat, quickPace, ticketNumberIn } from './support.ts'

const wechat = mockWeChat()
const t = deskForThisFile({ env: { WECHATY_PUPPET: 'wechaty-puppet-mock', ...quickPace }, botPuppet: wechat.puppet }, (desk) => wechat.login(desk))

const reply = (number: string, text: string) => replyToTicket(t.desk, { number, text, actor: 'test' })

describe('the bot’s sends', () => {
  it('wait while the bot is logged out and all go out, in order, once it logs in again', async () => {
    const worker = wechat.contact('赵大姐')
    worker.say('公司拖欠我两个月工资').to(wechat.self)
    const number = ticketNumberIn((await eventually(async () => wechat.sentTo(worker.id)[0])).text)!

    await wechat.puppets.at(-1)!.logout()
    await eventually(async () => (t.bot!.state() === 'logged_out' ? true : null))
    for (let i = 1; i <= 5; i++) await reply(number, `第${i}条答复`)
    await new Promise((r) => setTimeout(r, 1000))
    expect(wechat.sentTo(worker.id)).toHaveLength(1) // nothing went out while logged out
    const counts = await t.desk.queues.wechaty.getJobCounts('waiting', 'failed')
    expect(counts).toMatchObject({ waiting: 5, failed: 0 })
    const status = await (await t.app.request('/healthz', { headers: { authorization: `Bearer ${t.adminToken}` } })).json()
    expect(status.bot).toMatchObject({ state: 'logged_out', alive: true })

    wechat.mocker.login(wechat.self)
    await eventually(async () => (wechat.sentTo(worker.id).length === 6 ? true : null))
    expect(wechat.sentTo(worker.id).slice(1).map((s) => s.text)).toEqual(['第1条答复', '第2条答复', '第3条答复', '第4条答复', '第5条答复'])
    await eventually(async () => ((await t.desk.db.delivery.count({ where: { ticket: { number }, status: 'sent' } })) === 6 ? true : null)) // recorded right after each send
    const healthy = await (await t.app.request('/healthz', { headers: { authorization: `Bearer ${t.adminToken}` } })).json()
    expect(healthy.bot).toMatchObject({ state: 'logged_in', alive: true, reconnects: 1 })
    const metrics = await (await t.app.request('/metrics', { headers: { authorization: `Bearer ${t.adminToken}` } })).text()
    expect(metrics).toMatch(/niangjia_wechaty_events_total\{event="reconnect"\} 1/)
    expect(metrics).toMatch(/niangjia_wechaty_bot_state\{state="logged_in"\} 1/)
  })

  it('bring a later answer to a group worker who is not the bot’s contact as a bare notice, and the answer one-to-one when they write', async () => {
    const worker = wechat.contact('刘哥', false)
    const room = wechat.mocker.createRoom({ topic: '快达物流司机群', memberIdList: [wechat.self.id, worker.id] })
    worker.say('@娘家机器人 公司扣押金不退', [wechat.self]).to(room)
    const number = ticketNumberIn((await eventually(async () => wechat.sentTo(room.id)[0])).text)!
    await reply(number, '押金的事，请把收据拍照发给我，我们明天联系公司。')
    const notice = await eventually(async () => wechat.sentTo(room.id)[1])
    expect(notice.text).toMatch(new RegExp(`^@刘哥\\s+您的求助 ${number} 有新回复，请加我为好友查看。$`))
    await reply(number, '第二条答复')
    await new Promise((r) => setTimeout(r, 500))
    expect(wechat.sentTo(room.id)).toHaveLength(3) // one bare notice per answer, never its words
    expect(wechat.sentTo(room.id).some((s) => s.text.includes('押金') || s.text.includes('收据'))).toBe(false)
    expect(wechat.sentTo(worker.id)).toHaveLength(0)

    // They add the bot and write to it: everything that waited comes one-to-one.
    wechat.mocker.contactPayload(worker.id, { ...wechat.mocker.contactPayload(worker.id), friend: true })
    await t.bot!.wechaty()!.Contact.find({ id: worker.id }).then((c) => c?.sync())
    worker.say('我加你了').to(wechat.self)
    await eventually(async () => (wechat.sentTo(worker.id).length >= 4 ? true : null))
    // What waited (the first answer, two cadre replies) and the answer to this message.
    const texts = wechat.sentTo(worker.id).map((s) => s.text)
    expect(texts.some((x) => x.includes('押金的事'))).toBe(true)
    expect(texts).toContain('第二条答复')
    await eventually(async () => ((await t.desk.db.delivery.count({ where: { ticket: { number }, status: { not: 'sent' } } })) === 0 ? true : null))
  })
})
