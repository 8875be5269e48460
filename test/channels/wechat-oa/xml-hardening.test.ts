import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { OfficialAccountConfig } from '../../../src/channels/wechat-oa/config.ts'
import { officialAccountWebhook } from '../../../src/channels/wechat-oa/webhook.ts'
import { scanMarkup } from '../../../src/channels/wechat-oa/xml-scan.ts'
import { parseCallbackXml, parseWeChatXml, XmlRejectedError } from '../../../src/channels/wechat-oa/xml.ts'
import { AES_KEY, APP_ID, encryptedRequest, messageXml, NOW, plainRequest, textXml, TOKEN } from './wechat-sim.ts'

/**
 * The audit's findings on the XML reader: a DOCTYPE hidden behind a `<![CDATA[` opened inside a
 * comment got through the pre-check; repeated fields were accepted; the CDATA regex was quadratic.
 */

const laughs = `<!DOCTYPE xml [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>`

/** To a regex that strips CDATA first, everything from the `<![CDATA[` to the `]]>` is gone. */
const commentBypass = `<?xml version="1.0"?>\n<!-- <![CDATA[ -->\n${laughs}\n<!-- ]]> -->\n${textXml('&lol9;')}`

const webhook = () => {
  const received: unknown[] = []
  const app = officialAccountWebhook({
    config: OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: TOKEN }),
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    receiveMessage: async (msg) => {
      received.push(msg)
      return { process: async () => ({ duplicate: false, ticketNumber: 'GH-1', outcome: 'opened', reply: '已受理' }) }
    },
    handleEvent: async () => ({}),
    deferReply: () => {},
    unsupportedReply: () => '请发文字或语音',
  })
  return { request: (...[path, init]: [string, RequestInit]) => app.request(path, init), received }
}

describe('DOCTYPE detection understands comments and CDATA', () => {
  it('rejects a DOCTYPE after a comment that contains "<![CDATA[" (the audit’s bypass), with 400', async () => {
    expect(() => parseWeChatXml(commentBypass)).toThrow(XmlRejectedError)
    const t = webhook()
    const res = await t.request(...plainRequest(commentBypass))
    expect(res.status).toBe(400)
    expect(t.received).toEqual([])
  })

  it.each([
    ['a "<![CDATA[" inside a processing instruction', `<?pi a="?><![CDATA["?>${laughs}<xml><A>]]></A></xml>`],
    ['a "<![CDATA[" inside an attribute value', `<xml a="<![CDATA[">${laughs}<A>]]></A></xml>`],
    ['a "<!--" inside an attribute value', `<xml a="<!--">${laughs}<A>--></A></xml>`],
    ['a ">" inside quotes that one reader would end the tag at', `<xml a=">"><A>1</A></xml>`],
    ['"<![" that is not CDATA (the parser reads any "<![" as CDATA)', '<xml><A><![X[<!DOCTYPE]]></A></xml>'],
    ['an ambiguous comment opening "<!-->"', `<!-->${laughs}--><xml/>`],
    ['an unterminated comment', '<xml><A>1</A></xml><!--'],
    ['an unterminated CDATA section', '<xml><A><![CDATA[1</A></xml>'],
    ['U+0000, which XML forbids and PostgreSQL cannot store', '<xml><A><![CDATA[a\u0000b]]></A></xml>'],
  ])('rejects %s, in the scan itself', (_name, body) => {
    expect(scanMarkup(body).problem).toBeDefined()
    expect(() => parseWeChatXml(body)).toThrow(XmlRejectedError)
  })

  it('does not let "-->" inside CDATA close a comment, nor a DOCTYPE inside CDATA count', () => {
    const doc = parseWeChatXml('<xml><Content><![CDATA[<!-- --> <!DOCTYPE x> <!ENTITY y>]]></Content></xml>')
    expect(doc).toEqual({ Content: '<!-- --> <!DOCTYPE x> <!ENTITY y>' })
  })

  it('ignores declarations and CDATA openers inside a comment, where the parser ignores them too', () => {
    expect(parseWeChatXml('<!-- <!DOCTYPE x> <![CDATA[ --><xml><A>1</A></xml>')).toEqual({ A: '1' })
  })

  it('accepts what WeChat sends: a declaration, CDATA fields, bare numbers', () => {
    expect(parseWeChatXml(`<?xml version="1.0" encoding="UTF-8"?>\n${textXml('a ]] > b')}`)).toMatchObject({ Content: 'a ]] > b' })
  })
})

describe('a callback names each field once', () => {
  const twice = (xml: string, field: string) => xml.replace(`<${field}>`, `<${field}>x</${field}><${field}>`)

  it.each(['MsgType', 'Content', 'FromUserName', 'ToUserName', 'MsgId', 'Unknown'])('rejects a repeated <%s> with 400', async (field) => {
    const xml =
      field === 'Unknown' ? textXml('x').replace('</xml>', '<Unknown>1</Unknown><Unknown>2</Unknown></xml>') : twice(textXml('x'), field)
    expect(() => parseCallbackXml(xml)).toThrow(XmlRejectedError)
    const t = webhook()
    const res = await t.request(...plainRequest(xml))
    expect(res.status).toBe(400)
    expect(t.received).toEqual([])
  })

  it('rejects a repeated <Encrypt> in the encrypted envelope with 400', async () => {
    const config = OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: TOKEN, WECHAT_OA_ENCODING_AES_KEY: AES_KEY, WECHAT_OA_APP_ID: APP_ID })
    const app = officialAccountWebhook({
      config,
      logger: pino({ level: 'silent' }),
      now: () => NOW,
      receiveMessage: async () => ({ process: async () => ({ duplicate: false, ticketNumber: null, outcome: 'answered', reply: '' }) }),
      handleEvent: async () => ({}),
      deferReply: () => {},
    })
    const [path, init] = encryptedRequest(textXml('x'))
    const body = String(init.body).replace('</xml>', '<Encrypt><![CDATA[AAAA]]></Encrypt></xml>')
    expect((await app.request(path, { ...init, body })).status).toBe(400)
  })

  it('keeps repeated elements nested inside a field (SendPicsInfo lists one <item> per picture)', () => {
    const xml = messageXml('event', {}).replace(
      '</xml>',
      '<SendPicsInfo><Count>2</Count><PicList>' +
        '<item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item>' +
        '</PicList></SendPicsInfo></xml>',
    )
    expect(parseCallbackXml(xml).SendPicsInfo).toEqual({ Count: '2', PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } })
  })

  it('keeps a CDATA field split around a literal "]]>" as one field', () => {
    expect(parseCallbackXml('<xml><A><![CDATA[x]]]]><![CDATA[>y]]></A></xml>')).toEqual({ A: 'x]]>y' })
  })
})

describe('the markup scan is one pass', () => {
  // No clock: the scan counts its own steps, one per character at most, each looking a bounded
  // distance ahead. The old `/<!\[CDATA\[[\s\S]*?\]\]>/g` rescanned to the end from every unclosed opener.
  const sections = (bytes: number) => `<xml><Content>${'<![CDATA[ab]]>'.repeat(Math.floor(bytes / 14))}</Content></xml>`
  const openers = (bytes: number) => `<xml><Content><![CDATA[${'<![CDATA['.repeat(Math.floor(bytes / 9))}`

  it.each([
    ['many CDATA sections', sections],
    ['many unclosed CDATA openers', openers],
  ])('takes at most one step per character for %s, at 16 KB and at 64 KB', (_name, build) => {
    for (const size of [16 * 1024, 64 * 1024]) {
      const text = build(size)
      const { steps } = scanMarkup(text)
      expect(steps).toBeGreaterThan(0)
      expect(steps).toBeLessThanOrEqual(text.length)
    }
  })

  it('still parses 64 KB of CDATA sections correctly', () => {
    expect((parseWeChatXml(sections(60 * 1024)).Content as string).length).toBe(2 * Math.floor((60 * 1024) / 14))
  })
})
