import { describe, expect, it } from 'vitest'
import { InboundMessage } from '../../../src/channels/types.ts'
import { MENU_KEYS } from '../../../src/channels/wechat-oa/menu.ts'
import { MessageSchemaError, normaliseCallback } from '../../../src/channels/wechat-oa/messages.ts'
import { parseWeChatXml } from '../../../src/channels/wechat-oa/xml.ts'
import { ACCOUNT, callbackXml, eventXml, messageXml, MSG_ID, NOW, OPENID, unix } from './wechat-sim.ts'

const normalise = (xml: string) => normaliseCallback(parseWeChatXml(xml))
const message = (xml: string) => {
  const n = normalise(xml)
  if (n.kind !== 'message') throw new Error(`expected a message, got ${n.kind}`)
  // Whatever we produce must be acceptable to intake's own schema.
  InboundMessage.parse(n.message)
  return n.message
}
const event = (xml: string) => {
  const n = normalise(xml)
  if (n.kind !== 'event') throw new Error(`expected an event, got ${n.kind}`)
  return n.event
}

const common = { channel: 'wechat_oa', externalUserId: OPENID, externalMessageId: MSG_ID.toString(), profile: {}, receivedAt: NOW }

describe('messages', () => {
  it('text: Content verbatim, 19-digit MsgId as a string, CreateTime as receivedAt', () => {
    expect(message(messageXml('text', { Content: '0012' }))).toEqual({ ...common, text: '0012', media: [] })
    expect(normalise(messageXml('text', { Content: 'x' })).address).toEqual({ openId: OPENID, accountId: ACCOUNT })
  })

  it('voice: the Recognition text when WeChat provides it', () => {
    expect(message(messageXml('voice', { MediaId: 'media-v1', Format: 'amr', Recognition: '老板欠我三个月工资' }))).toEqual({
      ...common,
      text: '老板欠我三个月工资',
      media: [{ kind: 'voice', mediaId: 'media-v1' }],
    })
    expect(message(messageXml('voice', { MediaId: 'media-v1', Format: 'amr' })).text).toBe('')
  })

  it('image: MediaId and PicUrl kept', () => {
    expect(message(messageXml('image', { PicUrl: 'http://mmbiz.qpic.cn/x.jpg', MediaId: 'media-i1' }))).toEqual({
      ...common,
      text: '',
      media: [{ kind: 'image', mediaId: 'media-i1', url: 'http://mmbiz.qpic.cn/x.jpg' }],
    })
  })

  it('location: coordinates as numbers, label as text', () => {
    expect(message(messageXml('location', { Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广州市天河区某工地' }))).toEqual({
      ...common,
      text: '广州市天河区某工地',
      media: [{ kind: 'location', latitude: 23.134521, longitude: 113.358803, label: '广州市天河区某工地' }],
    })
  })

  it('link: title and description as text, URL as media', () => {
    expect(message(messageXml('link', { Title: '讨薪指南', Description: '农民工工资保障条例', Url: 'https://example.org/a' }))).toEqual({
      ...common,
      text: '讨薪指南\n农民工工资保障条例',
      media: [{ kind: 'link', url: 'https://example.org/a', title: '讨薪指南' }],
    })
  })

  it('video and short video', () => {
    expect(message(messageXml('shortvideo', { MediaId: 'm', ThumbMediaId: 't' })).media).toEqual([{ kind: 'video', mediaId: 'm' }])
  })

  it('an unknown message type is reported as unsupported, with the reply address', () => {
    expect(normalise(messageXml('miniprogrampage', { Title: 'x' }))).toEqual({
      kind: 'unsupported',
      msgType: 'miniprogrampage',
      address: { openId: OPENID, accountId: ACCOUNT },
    })
  })

  it.each([
    ['text without MsgId', callbackXml({ ToUserName: ACCOUNT, FromUserName: OPENID, CreateTime: 1, MsgType: 'text', Content: 'x' })],
    ['text without Content', messageXml('text')],
    ['MsgId that is not a number', messageXml('text', { Content: 'x' }).replace(/<MsgId>\d+/, '<MsgId>12a')],
    ['repeated Content', messageXml('text', { Content: 'x' }).replace('</xml>', '<Content>y</Content></xml>')],
    ['no sender', callbackXml({ ToUserName: ACCOUNT, CreateTime: 1, MsgType: 'text', Content: 'x', MsgId: 1 })],
    ['location with text coordinates', messageXml('location', { Location_X: 'north', Location_Y: '1' })],
    ['unknown type without sender', callbackXml({ MsgType: 'whatever' })],
  ])('rejects %s', (_name, xml) => {
    expect(() => normalise(xml)).toThrow(MessageSchemaError)
  })
})

describe('events', () => {
  const base = { openId: OPENID, accountId: ACCOUNT, createdAt: NOW }
  it('subscribe, plain and through a parametric QR code', () => {
    expect(event(eventXml('subscribe'))).toEqual({ ...base, type: 'subscribe', dedupeKey: `${OPENID}-${unix(NOW)}-subscribe` })
    expect(event(eventXml('subscribe', { EventKey: 'qrscene_unit-4401-shipyard', Ticket: 'gQH47joAAAAAAAAAASxod' }))).toMatchObject({
      type: 'subscribe',
      scene: 'unit-4401-shipyard',
      ticket: 'gQH47joAAAAAAAAAASxod',
    })
  })

  it('unsubscribe', () => {
    expect(event(eventXml('unsubscribe', { EventKey: '' }))).toMatchObject({ type: 'unsubscribe', openId: OPENID })
  })

  it('SCAN by a follower', () => {
    expect(event(eventXml('SCAN', { EventKey: '123', Ticket: 'TICKET' }))).toMatchObject({ type: 'scan', scene: '123', ticket: 'TICKET' })
  })

  it.each([
    [MENU_KEYS.queryProgress, 'queryProgress'],
    [MENU_KEYS.askForHelp, 'askForHelp'],
    [MENU_KEYS.subscribeJobs, 'subscribeJobs'],
  ])('CLICK %s is the desk action %s', (key, action) => {
    expect(event(eventXml('CLICK', { EventKey: key }))).toEqual({ ...base, type: 'menu_click', key, action, dedupeKey: `${OPENID}-${unix(NOW)}-click` })
  })

  it('CLICK with a key the desk does not know', () => {
    expect(event(eventXml('CLICK', { EventKey: 'SOMETHING_ELSE' }))).toMatchObject({ type: 'menu_click', key: 'SOMETHING_ELSE' })
    expect(event(eventXml('CLICK', { EventKey: 'SOMETHING_ELSE' }))).not.toHaveProperty('action')
  })

  it('VIEW', () => {
    expect(event(eventXml('VIEW', { EventKey: 'https://desk.example.org/jobs', MenuId: '4' }))).toMatchObject({
      type: 'menu_view',
      url: 'https://desk.example.org/jobs',
    })
  })

  it('LOCATION reports and template delivery reports', () => {
    expect(event(eventXml('LOCATION', { Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' }))).toMatchObject({
      type: 'location_report',
      latitude: 23.137466,
      longitude: 113.352425,
    })
    expect(event(eventXml('TEMPLATESENDJOBFINISH', { MsgID: 3000000000000000001n, Status: 'failed:user block' }))).toMatchObject({
      type: 'template_send_finished',
      msgId: '3000000000000000001',
      status: 'failed:user block',
    })
  })

  it('other events pass through by name', () => {
    expect(event(eventXml('MASSSENDJOBFINISH', { MsgID: 1 }))).toMatchObject({ type: 'other', event: 'MASSSENDJOBFINISH' })
  })
})
