import { describe, expect, it } from 'vitest'
import { readTicketFacts } from '../../../src/desk/conversation/index.ts'
import { officialAccountDeskForThisFile } from '../../support/official-account-desk.ts'
import { ACCOUNT, callbackXml, plainRequest, unix } from './wechat-sim.ts'

/**
 * A whole conversation over the Official Account's real webhook (plain mode, signed), each
 * answer the passive reply WeChat shows the worker: the channel adds nothing to the
 * conversation layer's words but its wire format.
 */
const oa = officialAccountDeskForThisFile()
let msgId = 7438555500000000000n

async function say(openId: string, text: string): Promise<string> {
  const now = new Date()
  const xml = callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(now)), MsgType: 'text', Content: text, MsgId: msgId++ })
  const [p, init] = plainRequest(xml, { timestamp: unix(now) })
  const res = await oa.desk.app.request(`/wechat/official-account${p}`, init)
  expect(res.status).toBe(200)
  return /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(await res.text())?.[1] ?? ''
}

describe('a conversation on the Official Account', () => {
  it('asks, opens on the choice, gathers the facts and answers commands, all as passive replies', async () => {
    const openId = 'oConvE2E00000000000000000001'
    const hello = await say(openId, '在吗')
    expect(hello).toContain('只用来办理您的求助')
    expect(hello).toContain('1 欠薪')
    const opened = await say(openId, '欠薪')
    const number = /NJ-\d{6}-\d{4}/.exec(opened)?.[0]
    expect(number).toBeDefined()
    expect(opened).toContain('哪家单位')
    expect(await say(openId, '宁波北仑的华盛电子厂，欠了三个月')).toContain('情况都记下了')
    const ticket = await oa.desk.desk.db.ticket.findUniqueOrThrow({ where: { number } })
    expect(readTicketFacts(oa.desk.desk.crypto, ticket)).toMatchObject({ workplace: expect.stringContaining('北仑'), monthsOwed: 3 })
    expect(await say(openId, '近度')).toContain(number!)
    expect(await say(openId, '帮主')).toContain('删除我的信息')
  })

  it('answers danger at once, without a form', async () => {
    const reply = await say('oConvE2E00000000000000000002', '我们工地塔吊倒了 压到人了 快来人')
    expect(reply).toContain('120')
    expect(reply).toMatch(/NJ-\d{6}-\d{4}/)
    expect(reply).not.toMatch(/哪家单位|回复数字/)
  })
})
