import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeWeChatApi, type FakeWeChatApi } from './wechat-api-server.ts'

// The fake is only useful if it keeps WeChat's rules; these tests pin the ones the client relies on.
const APP = { appId: 'wx0123456789abcdef', appSecret: 's3cret' }
let fake: FakeWeChatApi
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${fake.baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) })
  expect(res.status).toBe(200) // WeChat reports errors in the body, not the status
  return (await res.json()) as Record<string, unknown>
}
const token = (force = false) =>
  post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret, force_refresh: force })
const send = (accessToken: string) =>
  post(`/cgi-bin/message/custom/send?access_token=${accessToken}`, { touser: 'o1', msgtype: 'text', text: { content: 'hi' } })

beforeEach(async () => {
  fake = await startFakeWeChatApi(APP)
})
afterEach(() => fake.close())

describe('fake WeChat API', () => {
  it('returns the same stable token in normal mode, a new one when forced (and revokes the old)', async () => {
    const a = await token()
    expect(a).toMatchObject({ access_token: expect.stringMatching(/^ACCESS_TOKEN_/), expires_in: 7200 })
    expect((await token()).access_token).toBe(a.access_token)
    const forced = await token(true)
    expect(forced.access_token).not.toBe(a.access_token)
    expect(await send(String(a.access_token))).toMatchObject({ errcode: 40001 })
    expect(await send(String(forced.access_token))).toEqual({ errcode: 0, errmsg: 'ok' })
  })

  it('hands out the next token in the last five minutes, and the old one keeps working until it expires', async () => {
    await fake.close()
    fake = await startFakeWeChatApi({ ...APP, tokenLifetimeSeconds: 200 })
    const a = await token()
    const b = await token()
    expect(b.access_token).not.toBe(a.access_token)
    expect(await send(String(a.access_token))).toMatchObject({ errcode: 0 })
  })

  it('checks credentials and tokens with WeChat’s codes', async () => {
    expect(await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APP.appId, secret: 'x' })).toMatchObject({ errcode: 40125 })
    expect(await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: 'wx1', secret: 'x' })).toMatchObject({ errcode: 40013 })
    expect(await post('/cgi-bin/message/custom/send', { touser: 'o1' })).toMatchObject({ errcode: 41001 })
    expect(await send('nonsense')).toMatchObject({ errcode: 40014 })
    const t = String((await token()).access_token)
    fake.expireTokens()
    expect(await send(t)).toMatchObject({ errcode: 42001, errmsg: expect.stringMatching(/^access_token expired rid: /) })
  })

  it('injects errors for the next N calls and then recovers; records only delivered messages', async () => {
    const t = String((await token()).access_token)
    fake.failNext(2, 45015)
    expect(await send(t)).toMatchObject({ errcode: 45015 })
    expect(await send(t)).toMatchObject({ errcode: 45015 })
    expect(await send(t)).toMatchObject({ errcode: 0 })
    expect(fake.sent).toHaveLength(1)
    fake.failNext(1, -1, '/cgi-bin/stable_token')
    expect(await token()).toMatchObject({ errcode: -1, errmsg: expect.stringContaining('system error') })
    expect(fake.tokenRequests.map((r) => r.ok)).toEqual([true, false])
  })
})
