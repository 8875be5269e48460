import { createCipheriv } from 'node:crypto'
import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { InboundMessage, IntakeResult } from '../../../src/channels/types.ts'
import { OfficialAccountConfig } from '../../../src/channels/wechat-oa/config.ts'
import { decodeAesKey, encryptMessage } from '../../../src/channels/wechat-oa/crypto.ts'
import { MENU_KEYS } from '../../../src/channels/wechat-oa/menu.ts'
import type { OfficialAccountEvent } from '../../../src/channels/wechat-oa/messages.ts'
import { parseReplyTemplates, renderReply } from '../../../src/channels/wechat-oa/replies.ts'
import { fileTemplates } from '../../../src/node/templates.ts'
import { sha1Signature } from '../../../src/channels/wechat-oa/signature.ts'
import { hashOpenId, officialAccountWebhook, type OfficialAccountWebhookDeps } from '../../../src/channels/wechat-oa/webhook.ts'
import { parseWeChatXml } from '../../../src/channels/wechat-oa/xml.ts'
import { gate } from '../../fakes/gate.ts'
import {
  ACCOUNT,
  AES_KEY,
  APP_ID,
  encryptedRequest,
  eventXml,
  messageXml,
  MSG_ID,
  NOW,
  OPENID,
  openEncryptedReply,
  plainRequest,
  PREVIOUS_AES_KEY,
  textXml,
  TOKEN,
  unix,
  verificationPath,
} from './wechat-sim.ts'

const plainConfig = OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: TOKEN })
const safeConfig = OfficialAccountConfig.parse({
  WECHAT_OA_TOKEN: TOKEN,
  WECHAT_OA_ENCODING_AES_KEY: AES_KEY,
  WECHAT_OA_PREVIOUS_ENCODING_AES_KEY: PREVIOUS_AES_KEY,
  WECHAT_OA_APP_ID: APP_ID,
})

/**
 * The channel's boundary: a small intake stand-in that behaves like intake does
 * (deduplicates by message id, answers with a ticket number), or fails/stalls on demand.
 * Slow processing waits for the test to open `processing`, so it outlasts any budget.
 */
type SetupOptions = {
  config?: OfficialAccountConfig
  intake?: 'ok' | 'reject' | 'slow' | 'slow-reject' | 'slow-store' | 'process-reject'
  events?: 'ok' | 'reject'
  budgetMs?: number
}
const setup = (opts: SetupOptions = {}) => {
  const seen = new Map<string, IntakeResult>()
  const messages: InboundMessage[] = []
  const events: OfficialAccountEvent[] = []
  const deferred: { msg: InboundMessage; result: Promise<IntakeResult> }[] = []
  const logLines: string[] = []
  const processing = gate()
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk))
        done()
      },
    }),
  )
  const intake = async (msg: InboundMessage): Promise<IntakeResult> => {
    messages.push(msg)
    const before = seen.get(msg.externalMessageId)
    if (before) return { ...before, duplicate: true }
    const result: IntakeResult = { duplicate: false, ticketNumber: `GH-${seen.size + 1}`, outcome: 'opened', reply: `已受理，编号 GH-${seen.size + 1}` }
    seen.set(msg.externalMessageId, result)
    return result
  }
  const templates = parseReplyTemplates(fileTemplates()('wechat-oa'))
  const vars = { unionName: '某某区总工会' }
  // A stand-in for the desk's event handler: a welcome on follow, a fixed answer per menu button.
  const eventReplies = async (event: OfficialAccountEvent): Promise<{ reply?: string }> => {
    if (event.type === 'subscribe') return { reply: renderReply(templates, 'subscribe', { ...vars, scene: event.scene }) }
    if (event.type !== 'menu_click' || !event.action) return {}
    const name = ({ queryProgress: 'menu-query-progress', askForHelp: 'menu-ask-for-help', subscribeJobs: 'menu-subscribe-jobs' } as const)[event.action]
    return { reply: renderReply(templates, name, vars) }
  }
  const deps: OfficialAccountWebhookDeps = {
    config: opts.config ?? plainConfig,
    logger,
    now: () => NOW,
    replyBudgetMs: opts.budgetMs ?? 200,
    unsupportedReply: () => '请发文字或语音',
    receiveMessage: async (msg) => {
      switch (opts.intake ?? 'ok') {
        case 'reject':
          messages.push(msg)
          throw new Error('database is down')
        case 'slow-store':
          // Storing alone outlasts the budget: the webhook must still wait for it, not say success.
          await new Promise((r) => setTimeout(r, (opts.budgetMs ?? 200) + 300))
          return { process: () => intake(msg) }
        case 'slow':
          return {
            process: async () => {
              await processing.pass()
              return intake(msg)
            },
          }
        case 'slow-reject':
          return {
            process: async () => {
              await processing.pass()
              throw new Error('classifier went down late')
            },
          }
        case 'process-reject':
          return { process: async () => Promise.reject(new Error('processing failed')) }
        default:
          return { process: () => intake(msg) }
      }
    },
    handleEvent: async (evt) => {
      events.push(evt)
      if (opts.events === 'reject') throw new Error('database is down')
      return eventReplies(evt)
    },
    deferReply: (msg, result) => void deferred.push({ msg, result }),
  }
  const app = officialAccountWebhook(deps)
  const request = (path: string, init?: RequestInit) => app.request(path, init)
  return { app, request, messages, events, deferred, logLines, processing }
}

const replyOf = async (res: Response) => {
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('xml')
  return parseWeChatXml(await res.text())
}

describe('GET: URL verification', () => {
  it('echoes echostr when the signature matches', async () => {
    const res = await setup().request(verificationPath('4794263328858417853'))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('4794263328858417853')
  })

  it.each([
    ['a wrong token', verificationPath('123', { token: 'someoneelse' })],
    ['a stale timestamp', verificationPath('123', { timestamp: unix(new Date(NOW.getTime() - 301_000)) })],
    ['a future timestamp', verificationPath('123', { timestamp: unix(new Date(NOW.getTime() + 301_000)) })],
    ['no signature', '/?timestamp=1&nonce=2&echostr=3'],
    ['an echostr that is not a token', verificationPath('<script>alert(1)</script>')],
  ])('refuses %s with the uniform 403', async (_name, path) => {
    const res = await setup().request(path)
    expect(res.status).toBe(403)
    expect(await res.text()).toBe('forbidden')
  })
})

describe('POST: plaintext mode', () => {
  it('takes a text message in and answers intake’s reply as a passive reply', async () => {
    const t = setup()
    const res = await t.request(...plainRequest(textXml('0012')))
    expect(await replyOf(res)).toEqual({
      ToUserName: OPENID,
      FromUserName: ACCOUNT,
      CreateTime: unix(NOW),
      MsgType: 'text',
      Content: '已受理，编号 GH-1',
    })
    expect(t.messages).toEqual([
      { channel: 'wechat_oa', externalUserId: OPENID, externalMessageId: MSG_ID.toString(), text: '0012', media: [], profile: {}, receivedAt: NOW },
    ])
  })

  it('answers a WeChat retry of the same MsgId with the same ticket (intake deduplicates)', async () => {
    const t = setup()
    const first = await replyOf(await t.request(...plainRequest(textXml('老板欠薪'))))
    const retry = await replyOf(await t.request(...plainRequest(textXml('老板欠薪'), { nonce: '99' })))
    expect(retry.Content).toBe(first.Content)
  })

  it.each([
    ['voice', messageXml('voice', { MediaId: 'm1', Format: 'amr', Recognition: '工资没发' }), '工资没发'],
    ['image', messageXml('image', { PicUrl: 'http://mmbiz.qpic.cn/a', MediaId: 'm2' }), ''],
    ['location', messageXml('location', { Location_X: '23.1', Location_Y: '113.3', Scale: '15', Label: '某工地' }), '某工地'],
    ['link', messageXml('link', { Title: '讨薪', Description: '', Url: 'https://e.org' }), '讨薪'],
  ])('takes a %s message in', async (_type, xml, text) => {
    const t = setup()
    expect((await replyOf(await t.request(...plainRequest(xml)))).Content).toBe('已受理，编号 GH-1')
    expect(t.messages[0]?.text).toBe(text)
  })

  it('welcomes a new follower with the template text', async () => {
    const t = setup()
    const reply = await replyOf(await t.request(...plainRequest(eventXml('subscribe'))))
    expect(reply.Content).toContain('欢迎关注某某区总工会')
    expect(t.events).toMatchObject([{ type: 'subscribe', openId: OPENID }])
    expect(t.messages).toEqual([])
  })

  it.each(Object.values(MENU_KEYS))('answers the menu button %s', async (key) => {
    const reply = await replyOf(await setup().request(...plainRequest(eventXml('CLICK', { EventKey: key }))))
    expect(String(reply.Content).length).toBeGreaterThan(10)
  })

  it.each([
    ['unsubscribe', eventXml('unsubscribe')],
    ['VIEW', eventXml('VIEW', { EventKey: 'https://desk.example.org' })],
    ['SCAN', eventXml('SCAN', { EventKey: '42', Ticket: 'T' })],
  ])('answers %s with success', async (_name, xml) => {
    const t = setup()
    const res = await t.request(...plainRequest(xml))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
    expect(t.events).toHaveLength(1)
  })

  it('answers a message type it cannot take without storing it', async () => {
    const t = setup()
    const reply = await replyOf(await t.request(...plainRequest(messageXml('miniprogrampage', { Title: 'x' }))))
    expect(reply.Content).toBe('请发文字或语音')
    expect(t.messages).toEqual([])
  })

  it('cuts a reply longer than WeChat allows', async () => {
    const app = officialAccountWebhook({
      config: plainConfig,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      receiveMessage: async () => ({ process: async () => ({ duplicate: false, ticketNumber: 'GH-1', outcome: 'opened' as const, reply: '长'.repeat(1500) }) }),
      handleEvent: async () => ({}),
      deferReply: () => {},
    })
    const reply = await replyOf(await app.request(...plainRequest(textXml('x'))))
    expect(Buffer.byteLength(String(reply.Content))).toBeLessThanOrEqual(2048)
  })
})

describe('POST: the 5-second rule and failures', () => {
  it('answers success when intake outlasts the budget, and hands the running intake to deferReply', async () => {
    // Processing is held until after the answer: the webhook cannot have waited for it.
    // (How soon after the budget the answer comes is measured by npm run bench.)
    const t = setup({ intake: 'slow', budgetMs: 50 })
    const res = await t.request(...plainRequest(textXml('很急')))
    expect(await res.text()).toBe('success')
    expect(t.deferred).toHaveLength(1)
    expect(t.deferred[0]?.msg.text).toBe('很急')
    t.processing.open()
    await expect(t.deferred[0]?.result).resolves.toMatchObject({ reply: '已受理，编号 GH-1' })
  })

  it('waits for a slow store rather than saying success for a message not yet stored', async () => {
    const t = setup({ intake: 'slow-store', budgetMs: 50 })
    const reply = await replyOf(await t.request(...plainRequest(textXml('存得慢'))))
    expect(reply.Content).toBe('已受理，编号 GH-1')
    expect(t.deferred).toEqual([])
  })

  it('acknowledges a stored message whose processing failed (the intake queue finishes it)', async () => {
    const t = setup({ intake: 'process-reject' })
    const res = await t.request(...plainRequest(textXml('处理失败')))
    expect(await res.text()).toBe('success')
    expect(t.logLines.join('\n')).toContain('left to the intake queue')
  })

  it('answers 503, never success, when intake cannot store the message (WeChat must retry)', async () => {
    const t = setup({ intake: 'reject' })
    const res = await t.request(...plainRequest(textXml('数据库挂了')))
    expect(res.status).toBe(503)
    expect(await res.text()).not.toBe('success')
    expect(t.deferred).toEqual([])
  })

  it('logs (and does not crash on) processing that fails after success was answered', async () => {
    const t = setup({ intake: 'slow-reject', budgetMs: 30 })
    expect(await (await t.request(...plainRequest(textXml('x')))).text()).toBe('success')
    t.processing.open()
    await expect(t.deferred[0]?.result).rejects.toThrow('classifier went down late')
    expect(t.logLines.join('\n')).toContain('deferred processing failed; the stored message is left to the intake queue')
  })

  it('answers 503 when the event handler fails', async () => {
    const res = await setup({ events: 'reject' }).request(...plainRequest(eventXml('subscribe')))
    expect(res.status).toBe(503)
  })

  it('treats a synchronous throw from intake like a rejection', async () => {
    const app = officialAccountWebhook({
      config: plainConfig,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      receiveMessage: () => {
        throw new Error('synchronous failure')
      },
      handleEvent: async () => ({}),
      deferReply: () => {},
    })
    expect((await app.request(...plainRequest(textXml('x')))).status).toBe(503)
  })

  it.each([
    ['a wrong signature', plainRequest(textXml('x'), { token: 'wrong' })],
    ['a stale timestamp', plainRequest(textXml('x'), { timestamp: unix(new Date(NOW.getTime() - 600_000)) })],
    ['a future timestamp', plainRequest(textXml('x'), { timestamp: unix(new Date(NOW.getTime() + 600_000)) })],
    ['a missing signature', ['/?timestamp=1&nonce=2', { method: 'POST', body: textXml('x') }] as [string, RequestInit]],
  ])('refuses %s with the uniform 403 before reading the body', async (_name, [path, init]) => {
    const t = setup()
    const res = await t.request(path, init)
    expect(res.status).toBe(403)
    expect(await res.text()).toBe('forbidden')
    expect(t.messages).toEqual([])
  })

  it('answers 413 for a body over 64 KB, declared or streamed', async () => {
    const big = textXml('工'.repeat(22_000))
    const [path, init] = plainRequest(big)
    expect((await setup().request(path, init)).status).toBe(413)
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 70; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)))
        controller.close()
      },
    })
    const res = await setup().request(path, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
  })

  it.each([
    ['malformed XML', '<xml><Content>x</xml>'],
    ['XXE', `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>`],
    ['billion laughs', `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>`],
    ['a text message without MsgId', textXml('x').replace(/<MsgId>\d+<\/MsgId>/, '')],
    ['invalid UTF-8', Buffer.from([0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xff, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e])],
  ])('answers 400 for %s', async (_name, body) => {
    const t = setup()
    const [path] = plainRequest('')
    const res = await t.request(path, { method: 'POST', body })
    expect(res.status).toBe(400)
    expect(t.messages).toEqual([])
  })

  it('logs no OpenID and no message text, only a short hash of the OpenID', async () => {
    const t = setup()
    await t.request(...plainRequest(textXml('我叫张三，电话13800000000')))
    await setup({ intake: 'reject' }).request(...plainRequest(textXml('我叫张三，电话13800000000')))
    const logs = t.logLines.join('\n')
    expect(logs).toContain(hashOpenId(OPENID))
    expect(logs).not.toContain(OPENID)
    expect(logs).not.toContain('张三')
    expect(logs).not.toContain('13800000000')
  })
})

describe('POST: safe and compatible mode', () => {
  it('decrypts a safe-mode message and answers with an encrypted, signed reply', async () => {
    const t = setup({ config: safeConfig })
    const res = await t.request(...encryptedRequest(textXml('安全模式 0012'), { mode: 'safe' }))
    const { doc, signatureOk } = openEncryptedReply(await res.text())
    expect(signatureOk).toBe(true)
    expect(doc).toMatchObject({ ToUserName: OPENID, FromUserName: ACCOUNT, MsgType: 'text', Content: '已受理，编号 GH-1' })
    expect(t.messages[0]).toMatchObject({ text: '安全模式 0012', externalMessageId: MSG_ID.toString() })
  })

  it('in compatible mode trusts only the encrypted copy', async () => {
    const t = setup({ config: safeConfig })
    const [path, init] = encryptedRequest(textXml('真正的内容'), { mode: 'compatible' })
    const forged = String(init.body).replace('<![CDATA[真正的内容]]>', '<![CDATA[伪造的明文]]>')
    const res = await t.request(path, { ...init, body: forged })
    expect(openEncryptedReply(await res.text()).signatureOk).toBe(true)
    expect(t.messages.map((m) => m.text)).toEqual(['真正的内容'])
  })

  it('opens a message sealed with the previous key and answers with that key (rotation)', async () => {
    const t = setup({ config: safeConfig })
    const res = await t.request(...encryptedRequest(eventXml('subscribe'), { aesKey: PREVIOUS_AES_KEY }))
    expect(openEncryptedReply(await res.text(), PREVIOUS_AES_KEY).doc.Content).toContain('欢迎关注')
    expect(t.logLines.join('\n')).toContain('previous EncodingAESKey')
  })

  const xml = textXml('x')
  const body = Buffer.concat([Buffer.from('0123456789abcdef'), Buffer.from([0, 0, 0, 6]), Buffer.from('<xml/>'), Buffer.from(APP_ID)])
  const badPadding = (() => {
    // Validly signed ciphertext whose last byte is not valid PKCS#7 padding for 32-byte blocks.
    const padded = Buffer.concat([body, Buffer.alloc(64 - body.length, 0x21)])
    return encryptRaw(padded)
  })()
  // The third column is the reason logged: it proves each request failed at the intended step,
  // while the client sees the same 403 every time.
  it.each([
    ['a wrong msg_signature', encryptedRequest(xml, { msgSignature: sha1Signature('wrong', '1', '2', '3') }), 'msg_signature mismatch'],
    ['a message for another AppID', encryptedRequest(xml, { appId: 'wx0000000000000000' }), 'decrypt failed'],
    ['a message sealed with an unknown key', encryptedRequest(xml, { aesKey: 'Q'.repeat(43) }), 'decrypt failed'],
    ['bad padding', encryptedRequest(xml, { encrypt: badPadding }), 'decrypt failed'],
    ['ciphertext that is not Base64', encryptedRequest(xml, { encrypt: '!!!!' }), 'decrypt failed'],
    ['a stale timestamp', encryptedRequest(xml, { timestamp: unix(new Date(NOW.getTime() - 301_000)) }), 'timestamp stale'],
    ['no Encrypt element', [encryptedRequest(xml)[0], { method: 'POST', body: xml }] as [string, RequestInit], 'encrypted callback incomplete'],
    ['a plaintext POST while a key is configured', plainRequest(xml), 'plaintext callback while encryption is configured'],
  ])('refuses %s with the same 403 as every other authentication failure', async (_name, [path, init], reason) => {
    const t = setup({ config: safeConfig })
    const res = await t.request(path, init)
    expect(res.status).toBe(403)
    expect(await res.text()).toBe('forbidden')
    expect(t.messages).toEqual([])
    expect(t.logLines.join('\n')).toContain(reason)
  })

  it('refuses an encrypted POST when no key is configured', async () => {
    const res = await setup({ config: plainConfig }).request(...encryptedRequest(xml))
    expect(res.status).toBe(403)
  })

  it('answers 400 when the decrypted document is malformed', async () => {
    const res = await setup({ config: safeConfig }).request(
      ...encryptedRequest('', { encrypt: encryptMessage('<!DOCTYPE x><xml/>', APP_ID, AES_KEY) }),
    )
    expect(res.status).toBe(400)
  })
})

/** AES-256-CBC with WeChat's key and IV and no padding of ours: for forging bad ciphertexts. */
function encryptRaw(plain: Buffer): string {
  const key = decodeAesKey(AES_KEY)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}
