import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { InboundMessage } from '../../../src/channels/types.ts'
import { OfficialAccountConfig } from '../../../src/channels/wechat-oa/config.ts'
import { LONG_TEXT_MARKER, MessageSchemaError, normaliseCallback } from '../../../src/channels/wechat-oa/messages.ts'
import { officialAccountWebhook, type OfficialAccountWebhookDeps } from '../../../src/channels/wechat-oa/webhook.ts'
import { parseWeChatXml } from '../../../src/channels/wechat-oa/xml.ts'
import { messageXml, NOW, plainRequest, textXml, TOKEN } from './wechat-sim.ts'

/**
 * A deterministic problem with a message must never be answered 503: WeChat would retry it
 * three times, fail the same way, and the worker would lose the message. 503 means "storage is
 * down, try again"; everything else is kept (a long text is cut with a marker) or refused with 400.
 */

const LIMIT = 4000

/** The webhook over a stand-in for intake that validates the message exactly as intake does. */
const setup = (receive?: OfficialAccountWebhookDeps['receiveMessage']) => {
  const received: InboundMessage[] = []
  const logLines: string[] = []
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) }))
  const app = officialAccountWebhook({
    config: OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: TOKEN }),
    logger,
    now: () => NOW,
    replyBudgetMs: 200,
    receiveMessage:
      receive ??
      (async (msg) => {
        // src/desk/intake/receive.ts starts with this very parse.
        received.push(InboundMessage.parse(msg))
        return { process: async () => ({ duplicate: false, ticketNumber: 'GH-1', outcome: 'opened', reply: '已受理，编号 GH-1' }) }
      }),
    handleEvent: async () => ({}),
    deferReply: () => {},
  })
  return { request: (...[path, init]: [string, RequestInit]) => app.request(path, init), received, logLines }
}

describe('a text longer than the desk takes', () => {
  it('keeps a 5,000-character text: answers 200 and hands intake the first part with a marker', async () => {
    const t = setup()
    const text = '工资'.repeat(2500)
    const res = await t.request(...plainRequest(textXml(text)))
    expect(res.status).toBe(200)
    expect(t.received).toHaveLength(1)
    const kept = t.received[0]!.text
    expect(kept.length).toBeLessThanOrEqual(LIMIT)
    expect(kept.endsWith(LONG_TEXT_MARKER)).toBe(true)
    expect(text.startsWith(kept.slice(0, -LONG_TEXT_MARKER.length))).toBe(true)
    expect(kept.length).toBe(LIMIT)
  })

  it('keeps a body of 10,000 &#65; references, which only grows past the limit once decoded', async () => {
    const t = setup()
    const xml = textXml('PLACEHOLDER').replace('<![CDATA[PLACEHOLDER]]>', '&#65;'.repeat(10_000))
    expect(Buffer.byteLength(xml)).toBeLessThan(64 * 1024)
    const res = await t.request(...plainRequest(xml))
    expect(res.status).toBe(200)
    expect(t.received[0]?.text).toBe('A'.repeat(LIMIT - LONG_TEXT_MARKER.length) + LONG_TEXT_MARKER)
  })

  it('logs that the text was cut, and how long it was, without the text', async () => {
    const t = setup()
    await t.request(...plainRequest(textXml('欠'.repeat(5000))))
    const line = t.logLines.find((l) => l.includes('message taken in'))
    expect(line).toContain('"originalTextLength":5000')
    expect(line).not.toContain('欠欠')
  })

  it('leaves a text at the limit alone', async () => {
    const t = setup()
    await t.request(...plainRequest(textXml('x'.repeat(LIMIT))))
    expect(t.received[0]?.text).toBe('x'.repeat(LIMIT))
  })

  it('never splits a character made of two UTF-16 units (an emoji) at the cut', () => {
    const n = normaliseCallback(parseWeChatXml(textXml('😀'.repeat(3000))))
    if (n.kind !== 'message') throw new Error(n.kind)
    expect(n.message.text.length).toBeLessThanOrEqual(LIMIT)
    expect(n.message.text.replace(LONG_TEXT_MARKER, '')).toMatch(/^(😀)+$/u)
  })

  it('cuts a long voice recognition or link description the same way', () => {
    const voice = normaliseCallback(parseWeChatXml(messageXml('voice', { MediaId: 'm', Recognition: '说'.repeat(4500) })))
    const link = normaliseCallback(parseWeChatXml(messageXml('link', { Title: 't', Description: 'd'.repeat(4500), Url: 'https://e.org' })))
    for (const n of [voice, link]) {
      if (n.kind !== 'message') throw new Error(n.kind)
      expect(InboundMessage.safeParse(n.message).success).toBe(true)
      expect(n.message.text.endsWith(LONG_TEXT_MARKER)).toBe(true)
    }
  })
})

describe('other deterministic failures are 400, not 503', () => {
  it('refuses a CreateTime that is no date (intake would refuse it on every retry)', async () => {
    const t = setup()
    const xml = textXml('x').replace(/<CreateTime>\d+<\/CreateTime>/, '<CreateTime>99999999999999999999</CreateTime>')
    expect(() => normaliseCallback(parseWeChatXml(xml))).toThrow(MessageSchemaError)
    const res = await t.request(...plainRequest(xml))
    expect(res.status).toBe(400)
    expect(t.received).toEqual([])
  })

  it('answers 400 when intake refuses the message as invalid (a schema error is not an outage)', async () => {
    const t = setup(async () => {
      z.object({ never: z.string() }).parse({})
      throw new Error('unreachable')
    })
    const res = await t.request(...plainRequest(textXml('x')))
    expect(res.status).toBe(400)
  })

  it('still answers 503 when storage fails, so WeChat delivers again', async () => {
    const t = setup(async () => {
      throw new Error('database is down')
    })
    expect((await t.request(...plainRequest(textXml('x')))).status).toBe(503)
  })
})
