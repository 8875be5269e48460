import { describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { seenGroup } from '../../../src/desk/chat-links/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { deskForThisFile, eventually } from '../../support/desk.ts'
import { mockWeChat, quickPace, ticketNumberIn } from './support.ts'

const wechat = mockWeChat()
const t = deskForThisFile({ env: { WECHATY_PUPPET: 'wechaty-puppet-mock', ...quickPace }, botPuppet: wechat.puppet }, (desk) => wechat.login(desk))

describe('a worker writes to the bot one-to-one', () => {
  it('gets a ticket and the desk’s reply from the bot, through the bot’s own queue', async () => {
    const worker = wechat.contact('阿强')
    worker.say('老板拖欠我们三个月工资了，二十多个人').to(wechat.self)
    const reply = await eventually(async () => wechat.sentTo(worker.id)[0])
    const number = ticketNumberIn(reply.text)!
    expect(number).toBeDefined()
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { messages: { orderBy: { createdAt: 'asc' } } } })
    expect(ticket).toMatchObject({ channel: 'wechaty', category: 'wage_arrears' })
    expect(ticket.messages[0]!.direction).toBe('in')
    const out = ticket.messages.find((m) => m.direction === 'out' && m.text === reply.text)!
    expect(out).toBeDefined()
    const delivery = await t.desk.db.delivery.findFirstOrThrow({ where: { messageId: out.id } })
    expect(delivery).toMatchObject({ status: 'sent', via: 'direct', channel: 'wechaty' })
    // Staged on the bot's queue, not the shared outbound one.
    expect(await t.desk.db.outboxJob.count({ where: { queue: 'wechaty', jobId: `out-${delivery.id}` } })).toBe(1)
    expect(await t.desk.db.outboxJob.count({ where: { queue: 'outbound', jobId: `out-${delivery.id}` } })).toBe(0)
    expect(reply.room).toBe(false)
    // Nothing the worker said, nor who they are, reaches the log.
    expect(t.logs()).not.toContain('拖欠')
    expect(t.logs()).not.toContain(worker.id)
  })

  it('keeps a voice message’s transcript, or [语音], and a picture as a media reference', async () => {
    const worker = wechat.contact('阿梅')
    const voiceId = `voice-${Date.now()}`
    wechat.mocker.MessageMock.create({ id: voiceId, talkerId: worker.id, listenerId: wechat.self.id, text: '', timestamp: Date.now(), type: types.Message.Audio })
    wechat.puppets.at(-1)!.emit('message', { messageId: voiceId })
    const stored = await eventually(() => t.desk.db.message.findUnique({ where: { channel_externalId: { channel: 'wechaty', externalId: voiceId } } }))
    expect(stored).toMatchObject({ kind: 'voice', text: '[语音]' })
    expect(JSON.parse(stored.media!)).toEqual([{ kind: 'voice', mediaId: voiceId }])
    const picId = `pic-${Date.now()}`
    wechat.mocker.MessageMock.create({ id: picId, talkerId: worker.id, listenerId: wechat.self.id, text: '', timestamp: Date.now(), type: types.Message.Image })
    wechat.puppets.at(-1)!.emit('message', { messageId: picId })
    const pic = await eventually(() => t.desk.db.message.findUnique({ where: { channel_externalId: { channel: 'wechaty', externalId: picId } } }))
    expect(pic.kind).toBe('image')
    expect(JSON.parse(pic.media!)).toEqual([{ kind: 'image', mediaId: picId }])
  })

  it('creates nothing for a message id it has seen, however often the puppet delivers it', async () => {
    const worker = wechat.contact('小李')
    const id = `dup-${Date.now()}`
    wechat.mocker.MessageMock.create({ id, talkerId: worker.id, listenerId: wechat.self.id, text: '厂里不给交社保，想问问怎么办', timestamp: Date.now(), type: types.Message.Text })
    const before = { tickets: await t.desk.db.ticket.count() }
    for (let i = 0; i < 4; i++) wechat.puppets.at(-1)!.emit('message', { messageId: id })
    await eventually(async () => wechat.sentTo(worker.id).length >= 1)
    await new Promise((r) => setTimeout(r, 500)) // the later copies have been taken (and refused) by now
    expect(await t.desk.db.ticket.count()).toBe(before.tickets + 1)
    expect(await t.desk.db.message.count({ where: { direction: 'in', externalId: id } })).toBe(1)
    const identity = await t.desk.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechaty', externalId: worker.id } } })
    // One message in, one reply out (the desk's question inside it is recorded on the ticket, not sent on its own).
    expect(await t.desk.db.message.count({ where: { workerId: identity.workerId, direction: 'in' } })).toBe(1)
    expect(await t.desk.db.delivery.count({ where: { workerId: identity.workerId } })).toBe(1)
    expect(wechat.sentTo(worker.id)).toHaveLength(1)
  })
})

describe('a worker asks in a group', () => {
  it('is routed by the group’s unit; the group reads only an acknowledgement with the number', async () => {
    const worker = wechat.contact('王师傅', false)
    const other = wechat.contact('路人')
    const room = wechat.mocker.createRoom({ topic: '华兴电子员工群', memberIdList: [wechat.self.id, worker.id, other.id] })
    await seenGroup(t.desk.db, { channel: 'wechaty', groupId: room.id, topic: '华兴电子员工群', at: new Date() })
    const unit = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { code: demoUnion.units.huaxing.code } })
    await t.desk.db.chatGroup.update({ where: { channel_groupId: { channel: 'wechaty', groupId: room.id } }, data: { orgUnitId: unit.id, boundAt: new Date() } })

    other.say('今天食堂的饭不错').to(room) // the group's own talk: not for the bot
    worker.say('@娘家机器人 车间主任扣了我半个月工资，说我迟到', [wechat.self]).to(room)
    const ack = await eventually(async () => wechat.sentTo(room.id)[0])
    const number = ticketNumberIn(ack.text)!
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number }, include: { unit: true } })
    expect(ticket.unit.code).toBe(demoUnion.units.huaxing.code)
    expect(ack.text.startsWith('@王师傅')).toBe(true) // the mock puppet writes the @mention into the text
    expect(ack.text).toContain('请加我为好友')
    for (const word of ['扣', '工资', '迟到', '华兴', '粤海', '欠薪']) expect(ack.text).not.toContain(word)
    // The whole answer waits for them one-to-one; nothing else went to the group, nothing to the worker yet.
    await new Promise((r) => setTimeout(r, 500))
    expect(wechat.sentTo(room.id)).toHaveLength(1)
    expect(wechat.sentTo(worker.id)).toHaveLength(0)
    const deliveries = await t.desk.db.delivery.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } })
    expect(deliveries.map((d) => [d.purpose, d.status])).toEqual([['group_ack', 'sent'], ['deferred_reply', 'deferred']])
    expect(await t.desk.db.ticket.count({ where: { channel: 'wechaty', messages: { some: { text: { contains: '食堂' } } } } })).toBe(0)
  })

  it('takes a message that starts with a keyword, and answers in Traditional to a worker who wrote Traditional', async () => {
    const worker = wechat.contact('陳姐', false)
    const room = wechat.mocker.createRoom({ topic: '老乡群', memberIdList: [wechat.self.id, worker.id] })
    worker.say('求助 工廠三個月沒發工資了').to(room)
    const ack = await eventually(async () => wechat.sentTo(room.id)[0])
    expect(ticketNumberIn(ack.text)).toBeDefined()
    expect(ack.text).toContain('請加我為好友')
    // An unbound group: the desk's default unit.
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: ticketNumberIn(ack.text)! }, include: { unit: true } })
    expect(ticket.unit.code).toBe(t.desk.config.DEFAULT_UNIT_CODE)
    expect(await t.desk.db.chatGroup.count({ where: { groupId: room.id } })).toBe(1) // reported for a unit admin to bind
  })
})
