import { describe, expect, it } from 'vitest'
import {
  buildEncryptedReplyXml,
  buildTextReplyXml,
  cdata,
  parseWeChatXml,
  truncateUtf8,
  XmlRejectedError,
} from '../../../src/channels/wechat-oa/xml.ts'

describe('parseWeChatXml', () => {
  it('keeps every value a verbatim string', () => {
    const doc = parseWeChatXml(`<xml>
      <Content><![CDATA[0012]]></Content>
      <MsgId>1234567890123456789</MsgId>
      <CreateTime>1348831860</CreateTime>
      <Label><![CDATA[  前后空格  ]]></Label>
      <Empty><![CDATA[]]></Empty>
    </xml>`)
    expect(doc).toEqual({ Content: '0012', MsgId: '1234567890123456789', CreateTime: '1348831860', Label: '  前后空格  ', Empty: '' })
  })

  it('does not decode entities inside CDATA, decodes the predefined ones outside it', () => {
    const doc = parseWeChatXml('<xml><A><![CDATA[a &amp; b]]></A><B>a &amp; b &lt;c&gt; &#20320;&#x597D; &unknown;</B></xml>')
    expect(doc).toEqual({ A: 'a &amp; b', B: 'a & b <c> 你好 &unknown;' })
  })

  it('joins CDATA split around a literal ]]>', () => {
    expect(parseWeChatXml(`<xml><A>${cdata('x]]>y')}</A></xml>`)).toEqual({ A: 'x]]>y' })
  })

  it('keeps nested blocks and repeated elements for the schema to judge', () => {
    expect(parseWeChatXml('<xml><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType></ScanCodeInfo><A>1</A><A>2</A></xml>')).toEqual({
      ScanCodeInfo: { ScanType: 'qrcode' },
      A: ['1', '2'],
    })
  })

  it('accepts an XML declaration and comments', () => {
    expect(parseWeChatXml('<?xml version="1.0" encoding="UTF-8"?>\n<!-- hi --><xml><A>1</A></xml>')).toEqual({ A: '1' })
  })

  const xxe = `<?xml version="1.0"?>
<!DOCTYPE xml [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<xml><Content>&xxe;</Content></xml>`
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><Content>&lol9;</Content></xml>`

  it.each([
    ['XXE', xxe],
    ['billion laughs', billionLaughs],
    ['lower-case doctype', '<!doctype xml><xml/>'],
    ['DOCTYPE after the root starts', '<xml><!DOCTYPE x [<!ENTITY a "b">]><A>&a;</A></xml>'],
    ['bare ENTITY', '<xml><!ENTITY a "b"><A>1</A></xml>'],
    ['ELEMENT declaration', '<!ELEMENT xml ANY><xml/>'],
  ])('rejects %s before parsing', (_name, body) => {
    expect(() => parseWeChatXml(body)).toThrow(XmlRejectedError)
  })

  it('lets a worker write "<!DOCTYPE" inside CDATA', () => {
    expect(parseWeChatXml('<xml><Content><![CDATA[<!DOCTYPE html> 怎么写]]></Content></xml>')).toEqual({ Content: '<!DOCTYPE html> 怎么写' })
  })

  it.each([
    ['unclosed tag', '<xml><A>1</xml>'],
    ['two roots', '<xml><A>1</A></xml><xml/>'],
    ['another root', '<root><A>1</A></root>'],
    ['empty body', ''],
    ['not XML', 'hello'],
    ['prototype pollution', '<xml><__proto__><polluted>1</polluted></__proto__></xml>'],
    ['deep nesting', `<xml>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</xml>`],
  ])('rejects %s', (_name, body) => {
    expect(() => parseWeChatXml(body)).toThrow(XmlRejectedError)
  })
})

describe('replies', () => {
  it('builds a passive text reply that parses back to the same content', () => {
    const xml = buildTextReplyXml({ toUser: 'oUser', fromUser: 'gh_abc', content: '收到]]><b>x</b>', createTime: new Date(1_700_000_000_000) })
    expect(parseWeChatXml(xml)).toEqual({
      ToUserName: 'oUser',
      FromUserName: 'gh_abc',
      CreateTime: '1700000000',
      MsgType: 'text',
      Content: '收到]]><b>x</b>',
    })
  })

  it('builds the encrypted reply envelope', () => {
    expect(parseWeChatXml(buildEncryptedReplyXml({ encrypt: 'abc=', msgSignature: 'f00', timestamp: '1', nonce: '2' }))).toEqual({
      Encrypt: 'abc=',
      MsgSignature: 'f00',
      TimeStamp: '1',
      Nonce: '2',
    })
  })

  it('truncates to 2048 UTF-8 bytes at a character boundary', () => {
    expect(truncateUtf8('短')).toBe('短')
    const cut = truncateUtf8('工'.repeat(1000))
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2048)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.length).toBe(681 + 1) // (2048 - 3 bytes for "…") / 3 bytes per character
    expect(truncateUtf8('😀'.repeat(600)).replace('…', '')).toMatch(/^(😀)+$/u)
  })
})
