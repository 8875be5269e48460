// The wording workers read, as the top unit's admin changes it in the console: the replies,
// and what the Official Account says by itself (follow, menu buttons), heard without a restart.
// The desk's Official Account is the union's home unit's (DEFAULT_UNIT_CODE, 南山).
import { beforeAll, describe, expect, it } from 'vitest'
import { parseWeChatXml } from '../../src/channels/wechat-oa/xml.ts'
import { refreshWording } from '../../src/desk/messaging/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { json } from '../support/desk.ts'
import { officialAccountDeskForThisFile } from '../support/official-account-desk.ts'
import { ACCOUNT, callbackXml, plainRequest, unix } from '../channels/wechat-oa/wechat-sim.ts'
import { accountFor, get, post, signIn, type Browser } from './support.ts'

const oa = officialAccountDeskForThisFile()
const t = oa.desk
let top: Browser
let unitAdmin: Browser

beforeAll(async () => {
  await accountFor(t, 'top-wording', 'unit_admin', { unitCode: 'gd' })
  await accountFor(t, 'ns-wording', 'unit_admin', { unitCode: demoUnion.units.nanshan.code })
  top = await signIn(t, 'top-wording')
  unitAdmin = await signIn(t, 'ns-wording')
})

let follower = 0
/** What the Official Account answers a worker's callback (plaintext mode, signed as WeChat signs it). */
async function officialAccountAnswers(fields: Record<string, string>): Promise<string> {
  const openId = `oWording${String(++follower).padStart(18, '0')}`
  const now = new Date()
  const xml = callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(unix(now)), ...fields })
  const [path, init] = plainRequest(xml, { timestamp: unix(now) })
  const res = await t.app.request(`/wechat/official-account${path}`, init)
  expect(res.status).toBe(200)
  return String(parseWeChatXml(await res.text()).Content)
}
const followed = () => officialAccountAnswers({ MsgType: 'event', Event: 'subscribe' })
const clicked = (key: string) => officialAccountAnswers({ MsgType: 'event', Event: 'CLICK', EventKey: key })
const wording = (set: string, name: string, fields: Record<string, string>, as = top) => post(t, as, `/console/admin/wording/${set}/${name}`, fields)

describe('the replies', () => {
  it('are previewed with sample values, refused with an unknown variable, saved by the top admin, used at once, and reset', async () => {
    const mine = '收到！编号 {{ticketNumber}}，{{unitName}}会联系您。{{#accessCode}}查询码 {{accessCode}}。{{/accessCode}}'
    const preview = await wording('replies', 'ticket-opened', { action: 'preview', text: mine })
    expect(await preview.text()).toContain('预览：收到！编号 NJ-261202-0007，粤海街道工会服务站会联系您。查询码 K7M2XQ9P4H。')
    const typo = await wording('replies', 'ticket-opened', { action: 'save', text: '编号 {{ticketNumbr}}' })
    expect(typo.status).toBe(422)
    expect(await typo.text()).toContain('这段话用了 {{ticketNumbr}}，但这里只能用：{{ticketNumber}}')
    expect((await wording('replies', 'ticket-opened', { action: 'save', text: mine }, unitAdmin)).status).toBe(403)
    expect(await (await wording('replies', 'ticket-opened', { action: 'save', text: mine })).text()).toContain('已保存')
    const opened = (await (await t.app.request('/api/messages', json({ text: '公司拖欠工资两个月', orgHint: '粤海街道' }))).json()) as { reply: string }
    expect(opened.reply).toMatch(/^收到！编号 NJ-\d{6}-\d{4}，/)
    await wording('replies', 'ticket-opened', { action: 'reset', text: '' })
    const again = (await (await t.app.request('/api/messages', json({ text: '公司拖欠工资三个月', orgHint: '粤海街道' }))).json()) as { reply: string }
    expect(again.reply).toMatch(/^您好，您反映的/)
  })
})

describe('what the Official Account says by itself', () => {
  it('is listed with the variables each text may use, and previewed with sample values', async () => {
    const page = await (await get(t, unitAdmin, '/console/admin/wording/wechat-oa')).text()
    expect(page).toContain('关注时的欢迎语')
    expect(page).toContain('可用变量：{{unionName}}、{{portalUrl}}、{{hotline}}、{{scene}}')
    expect(page).toContain('欢迎关注{{unionName}}')
    const preview = await wording('wechat-oa', 'subscribe', { action: 'preview', text: '欢迎来到{{unionName}}！{{#hotline}}热线 {{hotline}}{{/hotline}}' }, unitAdmin)
    expect(await preview.text()).toContain('预览：欢迎来到深圳市南山区总工会！热线 12351')
    expect((await get(t, unitAdmin, '/console/admin/wording/no-such-set')).status).toBe(404)
  })

  it('refuses a variable the text may not use, in words the admin can act on, and keeps nothing', async () => {
    const typo = await wording('wechat-oa', 'subscribe', { action: 'save', text: '欢迎关注{{unionNam}}！' })
    expect(typo.status).toBe(422)
    const page = await typo.text()
    expect(page).toContain('这段话用了 {{unionNam}}，但这里只能用：{{unionName}}、{{portalUrl}}、{{hotline}}、{{scene}}。')
    expect(page).toContain('欢迎关注{{unionNam}}！') // what was typed stays in its box
    // {{scene}} is the QR code of a follow: a menu answer has none.
    const scene = await wording('wechat-oa', 'menu-ask-for-help', { action: 'save', text: '您从{{scene}}来' })
    expect(scene.status).toBe(422)
    expect(await scene.text()).toContain('{{scene}}')
    expect(await t.desk.db.templateOverride.count({ where: { set: 'wechat-oa' } })).toBe(0)
  })

  it('is answered to a follow and a menu click once saved, without a restart, and back to the file after a reset', async () => {
    expect(await followed()).toMatch(/^您好，欢迎关注/)
    expect((await wording('wechat-oa', 'subscribe', { action: 'save', text: '欢迎关注{{unionName}}！' }, unitAdmin)).status).toBe(403)
    expect(await (await wording('wechat-oa', 'subscribe', { action: 'save', text: '欢迎关注{{unionName}}！有事直接发消息。' })).text()).toContain('已保存')
    expect(await followed()).toBe(`欢迎关注${demoUnion.units.nanshan.name}！有事直接发消息。`)
    await wording('wechat-oa', 'menu-ask-for-help', { action: 'save', text: '请说说您遇到的事，{{unionName}}在。' })
    expect(await clicked('NJ_ASK_FOR_HELP')).toBe(`请说说您遇到的事，${demoUnion.units.nanshan.name}在。`)
    expect(await t.desk.db.auditEntry.count({ where: { action: 'wording.changed' } })).toBeGreaterThanOrEqual(2)

    await wording('wechat-oa', 'subscribe', { action: 'reset', text: '' })
    expect(await followed()).toMatch(/^您好，欢迎关注/)
    expect(await clicked('NJ_ASK_FOR_HELP')).toBe(`请说说您遇到的事，${demoUnion.units.nanshan.name}在。`)
  })

  it('follows an edit another process stored, at the next refresh', async () => {
    await t.desk.db.templateOverride.create({ data: { set: 'wechat-oa', name: 'unsupported-message', text: '这类消息我们看不了，请发文字。', updatedBy: 'elsewhere' } })
    const unsupported = () => officialAccountAnswers({ MsgType: 'file', Title: '工资条.pdf', MsgId: '7438123456789000001' })
    expect(await unsupported()).toMatch(/^抱歉，这类消息我们暂时看不了/)
    await refreshWording(t.desk)
    expect(await unsupported()).toBe('这类消息我们看不了，请发文字。')
  })
})
