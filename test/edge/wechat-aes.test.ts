import { describe, expect, it } from 'vitest'
import * as core from '../../src/channels/wechat-oa/crypto.ts'
import { sha1Signature as coreSha1 } from '../../src/channels/wechat-oa/signature.ts'
import { decryptMessage, EdgeDecryptError, encryptMessage } from '../../src/edge/wechat-aes.ts'
import { hmacSha256Hex, sha1Signature } from '../../src/edge/web-crypto.ts'
import { createHmac } from 'node:crypto'

// WeChat's published sample (消息加解密 示例), as in test/channels/wechat-oa/crypto.test.ts.
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
const APP_ID = 'wxb11529c136998cb6'
const RANDOM = new TextEncoder().encode('aaaabbbbccccdddd')
const MESSAGE = '我是中文abcd123'
const EXPECTED = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=='

// The edge's WebCrypto code, on Node's WebCrypto (the same standard API; edge-webhook.test.ts runs it in workerd).
describe('the edge’s WeChat encryption on WebCrypto', () => {
  it('reproduces the official vector exactly', async () => {
    expect(await encryptMessage(MESSAGE, APP_ID, KEY, RANDOM)).toBe(EXPECTED)
  })

  it('decrypts the official vector', async () => {
    expect(await decryptMessage(EXPECTED, APP_ID, [KEY])).toEqual({ xml: MESSAGE, encodingAesKey: KEY })
  })

  it('agrees with the core at every length around the 16- and 32-byte boundaries', async () => {
    // 16 + 4 + xml + 18 bytes of AppID: lengths where WebCrypto's own 16-byte padding would differ from WeChat's 32.
    for (let n = 0; n <= 70; n++) {
      const xml = 'x'.repeat(n)
      const fromEdge = await encryptMessage(xml, APP_ID, KEY, RANDOM)
      expect(fromEdge).toBe(core.encryptMessage(xml, APP_ID, KEY, { random: Buffer.from(RANDOM) }))
      expect((await decryptMessage(core.encryptMessage(xml, APP_ID, KEY), APP_ID, [KEY])).xml).toBe(xml)
    }
  })

  it('refuses what the core refuses: another AppID, a cut ciphertext, bad padding, junk Base64', async () => {
    const other = core.encryptMessage('<xml/>', 'wx0000000000000000', KEY)
    await expect(decryptMessage(other, APP_ID, [KEY])).rejects.toThrow(EdgeDecryptError)
    await expect(decryptMessage(EXPECTED.slice(0, 44), APP_ID, [KEY])).rejects.toThrow(EdgeDecryptError)
    await expect(decryptMessage('not base64!', APP_ID, [KEY])).rejects.toThrow(EdgeDecryptError)
    // A last byte of 0 is no PKCS#7 padding at all.
    const bytes = Buffer.from(EXPECTED, 'base64')
    bytes[bytes.length - 1]! ^= 0xff
    await expect(decryptMessage(bytes.toString('base64'), APP_ID, [KEY])).rejects.toThrow(EdgeDecryptError)
  })

  it('opens with the previous key during a rotation and says which key it was', async () => {
    const previous = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut'
    const sealed = core.encryptMessage('<xml/>', APP_ID, previous)
    expect(await decryptMessage(sealed, APP_ID, [KEY, previous])).toEqual({ xml: '<xml/>', encodingAesKey: previous })
  })

  it('signs as the core signs: SHA-1 over sorted parts, HMAC-SHA256 in hex', async () => {
    expect(await sha1Signature('niangjia2026', '1409304348', 'xxxxxx', EXPECTED)).toBe(coreSha1('niangjia2026', '1409304348', 'xxxxxx', EXPECTED))
    expect(await hmacSha256Hex('k'.repeat(32), 'a\nb')).toBe(createHmac('sha256', 'k'.repeat(32)).update('a\nb').digest('hex'))
  })
})
