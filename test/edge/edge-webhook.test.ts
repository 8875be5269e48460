import { describe, expect, it } from 'vitest'
import { sha1Signature } from '../../src/channels/wechat-oa/signature.ts'
import { ACCOUNT, AES_KEY, APP_ID, TOKEN, callbackXml, encryptedRequest, openEncryptedReply, plainRequest, unix, verificationPath } from '../channels/wechat-oa/wechat-sim.ts'
import { parseWeChatXml } from '../../src/channels/wechat-oa/xml.ts'
import { edgeCoreForThisFile } from './edge-core.ts'
import { edgeWorkersForThisFile } from './edge-worker.ts'
import { FORWARD_SECRET, freshMsgId } from './forward-sign.ts'
import { eventually } from '../support/desk.ts'

// The bundle wrangler ships, in workerd (Miniflare), in front of a real core.
const core = edgeCoreForThisFile()
const shared = () => ({ WECHAT_OA_TOKEN: TOKEN, EDGE_CORE_URL: core.url, EDGE_FORWARD_SECRET: FORWARD_SECRET, EDGE_FORWARD_DEADLINE_MS: '3000' })
const edges = edgeWorkersForThisFile({
  plain: shared,
  safe: () => ({ ...shared(), WECHAT_OA_ENCODING_AES_KEY: AES_KEY, WECHAT_OA_APP_ID: APP_ID }),
  // A deploy that forgot a secret and points at the core over plain http.
  unconfigured: () => ({ WECHAT_OA_TOKEN: TOKEN, EDGE_CORE_URL: 'http://desk.example.org', WECHAT_OA_ENCODING_AES_KEY: AES_KEY, WECHAT_OA_APP_ID: APP_ID }),
  noQueue: shared,
}, { withoutQueue: ['noQueue'] })
const PATH = '/wechat/official-account'

const now = () => unix(new Date())
const text = (openId: string, content: string, msgId = freshMsgId()) =>
  callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(now()), MsgType: 'text', Content: content, MsgId: BigInt(msgId) })
const plain = (xml: string, opts: Parameters<typeof plainRequest>[1] = {}) => {
  const [p, init] = plainRequest(xml, { timestamp: now(), ...opts })
  return edges.plain!.fetch(`${PATH}${p}`, init)
}
const safe = (xml: string, opts: Parameters<typeof encryptedRequest>[1] = {}) => {
  const [p, init] = encryptedRequest(xml, { timestamp: now(), ...opts })
  return edges.safe!.fetch(`${PATH}${p}`, init)
}
const stored = (openId: string) => core.desk.desk.db.message.count({ where: { channel: 'wechat_oa', direction: 'in', worker: { identities: { some: { externalId: openId } } } } })

describe('WeChat’s URL check at the edge', () => {
  it('echoes echostr for a good signature', async () => {
    const res = await edges.safe!.fetch(`${PATH}${verificationPath('edge_echo_2026', { timestamp: now() })}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('edge_echo_2026')
  })

  it('refuses a wrong token, a stale timestamp and an echostr that is not WeChat’s, all with 403', async () => {
    const wrong = await edges.safe!.fetch(`${PATH}${verificationPath('edge_echo', { timestamp: now(), token: 'someoneelse' })}`)
    const stale = await edges.safe!.fetch(`${PATH}${verificationPath('edge_echo', { timestamp: unix(new Date(Date.now() - 301_000)) })}`)
    const ts = now()
    const reflected = await edges.safe!.fetch(`${PATH}/?${new URLSearchParams({ signature: sha1Signature(TOKEN, ts, '1'), timestamp: ts, nonce: '1', echostr: '<script>' })}`)
    for (const res of [wrong, stale, reflected]) {
      expect(res.status).toBe(403)
      expect(await res.text()).toBe('forbidden')
    }
  })
})

describe('a Worker deployed without its configuration', () => {
  it('answers 500 and logs which variables are wrong, never their values', async () => {
    const res = await edges.unconfigured!.fetch(`${PATH}${verificationPath('edge_echo', { timestamp: now() })}`)
    expect(res.status).toBe(500)
    const logs = edges.unconfigured!.logs()
    expect(logs).toContain('EDGE_FORWARD_SECRET: is required')
    expect(logs).toContain('EDGE_CORE_URL: must use https')
    expect(logs).not.toContain(AES_KEY)
  })
})

describe('messages at the edge, handed to a core that is up', () => {
  it('plaintext mode: the core’s reply comes back as the passive reply, and the core stored the message once', async () => {
    const openId = 'oEdgePlain0000000000000001'
    const res = await plain(text(openId, '老板拖欠我们三个月工资了 二十多个人'))
    expect(res.status).toBe(200)
    const reply = parseWeChatXml(await res.text())
    expect(reply).toMatchObject({ ToUserName: openId, FromUserName: ACCOUNT, MsgType: 'text' })
    expect(String(reply.Content)).toMatch(/NJ-\d{6}-\d{4}/)
    expect(await stored(openId)).toBe(1)
  })

  it('safe mode: decrypted at the edge, and the reply encrypted and signed so WeChat opens it', async () => {
    const openId = 'oEdgeSafe00000000000000001'
    const res = await safe(text(openId, '单位不给交社保 想问怎么维权'))
    expect(res.status).toBe(200)
    const { doc, signatureOk } = openEncryptedReply(await res.text())
    expect(signatureOk).toBe(true)
    expect(doc).toMatchObject({ ToUserName: openId, MsgType: 'text' })
    expect(String(doc.Content)).toMatch(/NJ-\d{6}-\d{4}/)
    expect(await stored(openId)).toBe(1)
  })

  it('compatible mode: the encrypted copy is what counts, and the reply is encrypted too', async () => {
    const openId = 'oEdgeCompat000000000000001'
    const res = await safe(text(openId, '我想找个电工的工作 在定海'), { mode: 'compatible' })
    expect(res.status).toBe(200)
    const { doc, signatureOk } = openEncryptedReply(await res.text())
    expect(signatureOk).toBe(true)
    expect(doc.ToUserName).toBe(openId)
    expect(await stored(openId)).toBe(1)
  })

  it('opens WeChat’s official vector in workerd: it decrypts (then is no XML: 400), and one flipped bit is 403', async () => {
    const official = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=='
    // The vector's AppID is APP_ID; its plaintext is 我是中文abcd123, which opens but is not a document.
    expect((await safe('<xml/>', { encrypt: official })).status).toBe(400)
    const bytes = Buffer.from(official, 'base64')
    bytes[bytes.length - 1]! ^= 0x01
    expect((await safe('<xml/>', { encrypt: bytes.toString('base64') })).status).toBe(403)
  })

  it('a follow gets the core’s welcome, and the core knows the worker', async () => {
    const openId = 'oEdgeFollow000000000000001'
    const res = await safe(callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(now()), MsgType: 'event', Event: 'subscribe' }))
    expect(res.status).toBe(200)
    expect(String(openEncryptedReply(await res.text()).doc.Content).length).toBeGreaterThan(0)
    const identity = await core.desk.desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: 'wechat_oa', externalId: openId } } })
    expect(identity).not.toBeNull()
  })
})

describe('what the edge refuses, before anything reaches the core', () => {
  const openId = 'oEdgeRefused00000000000001'

  it('bad signatures: the URL signature, msg_signature, another EncodingAESKey, all 403', async () => {
    const xml = text(openId, '我想找个电工的工作')
    const results = await Promise.all([
      plain(xml, { token: 'someoneelse' }),
      safe(xml, { msgSignature: sha1Signature(TOKEN, now(), '1320562132', 'something else') }),
      safe(xml, { aesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' }),
      safe(xml, { appId: 'wx0000000000000000' }),
    ])
    expect(results.map((r) => r.status)).toEqual([403, 403, 403, 403])
    expect(await stored(openId)).toBe(0)
  })

  it('a stale or a future timestamp: 403', async () => {
    const xml = text(openId, '我想找个电工的工作')
    expect((await plain(xml, { timestamp: unix(new Date(Date.now() - 301_000)) })).status).toBe(403)
    expect((await safe(xml, { timestamp: unix(new Date(Date.now() + 301_000)) })).status).toBe(403)
    expect(await stored(openId)).toBe(0)
  })

  it('a plaintext POST where an EncodingAESKey is configured: 403 (the plain signature does not cover the body)', async () => {
    const [p, init] = plainRequest(text(openId, '在吗'), { timestamp: now() })
    expect((await edges.safe!.fetch(`${PATH}${p}`, init)).status).toBe(403)
  })

  it('XXE and entity expansion, outside and inside the encryption: 400', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&x;</Content><MsgId>${freshMsgId()}</MsgId></xml>`
    const laughs = `<!DOCTYPE xml [<!ENTITY a "哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>`
    const hidden = `<xml><!-- <![CDATA[ --><!DOCTYPE x><!-- ]]> --><MsgType>text</MsgType></xml>`
    for (const body of [xxe, laughs, hidden]) {
      expect((await plain(body)).status).toBe(400)
      expect((await safe(body)).status).toBe(400)
    }
    expect(await stored(openId)).toBe(0)
  })

  it('a body over 64 KB: 413; a document that fails its schema: 400', async () => {
    const big = text(openId, '长'.repeat(22_000))
    expect((await plain(big)).status).toBe(413)
    const noMsgId = callbackXml({ ToUserName: ACCOUNT, FromUserName: openId, CreateTime: Number(now()), MsgType: 'text', Content: '你好' })
    expect((await plain(noMsgId)).status).toBe(400)
    expect((await plain('<xml><MsgType>text</MsgType>')).status).toBe(400)
    expect(await stored(openId)).toBe(0)
  })

  it('logs reasons, never message text or OpenIDs', () => {
    const logs = edges.plain!.logs() + edges.safe!.logs()
    expect(logs).toContain('callback signature mismatch')
    expect(logs).not.toContain('老板拖欠')
    expect(logs).not.toContain('oEdgePlain0000000000000001')
  })
})

// Last in the file: it stops the core, to show what the edge keeps serving without it.
describe('with the core stopped', () => {
  it('the edge cache keeps what the core marks public, serves it while the core is down, and never keeps a request with a cookie', async () => {
    const first = await edges.plain!.fetch('/jobs')
    expect(first.status).toBe(200)
    expect(first.headers.get('x-niangjia-edge-cache')).toBe('miss')
    const board = await first.text()
    const stylesheet = board.match(/href="(\/assets\/[^"]+\.css)"/)?.[1]
    expect(stylesheet).toBeDefined()
    const css = await edges.plain!.fetch(stylesheet!)
    expect(css.headers.get('cache-control')).toContain('immutable')
    await css.text()
    const again = await eventually(async () => {
      const res = await edges.plain!.fetch('/jobs')
      return res.headers.get('x-niangjia-edge-cache') === 'hit' ? res : (await res.text(), undefined)
    })
    expect(await again.text()).toBe(board)
    const withCookie = await edges.plain!.fetch('/jobs', { headers: { cookie: 'nj_session=abc' } })
    expect(withCookie.headers.get('x-niangjia-edge-cache')).toBe('miss')
    await withCookie.text()

    await core.stop()
    const kept = await edges.plain!.fetch(stylesheet!)
    expect(kept.status).toBe(200)
    expect(kept.headers.get('x-niangjia-edge-cache')).toBe('hit')
    expect(await kept.text()).toContain('box-sizing')
    // What was never kept says so in Chinese, with the hotline, and asks to come back later.
    const missed = await edges.plain!.fetch('/jobs?q=电工')
    expect(missed.status).toBe(503)
    expect(await missed.text()).toContain('12351')
  })

  it('answers WeChat 503 when neither the core nor the queue takes a message, so WeChat delivers it again', async () => {
    await core.stop() // stopped already by the test before; said here so this test stands alone
    const [p, init] = plainRequest(text('oEdgeNoQueue00000000000001', '老板不发工资'), { timestamp: now() })
    const res = await edges.noQueue!.fetch(`${PATH}${p}`, init)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(edges.noQueue!.logs()).toContain('neither the core nor the queue took the callback')
  })
})
