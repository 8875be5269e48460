import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  DecryptError,
  decodeAesKey,
  decryptMessage,
  encryptMessage,
  pkcs7Pad,
  pkcs7Unpad,
} from '../../../src/channels/wechat-oa/crypto.ts'

// WeChat's published sample (消息加解密 示例).
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
const APP_ID = 'wxb11529c136998cb6'
const RANDOM = Buffer.from('aaaabbbbccccdddd')
const MESSAGE = '我是中文abcd123'
const EXPECTED = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=='
const OTHER_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut'

/** Encrypts an arbitrary plaintext with WeChat's key/IV but no padding of ours: for forging bad messages. */
const rawEncrypt = (plain: Buffer, key = KEY) => {
  const k = decodeAesKey(key)
  const cipher = createCipheriv('aes-256-cbc', k, k.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}
const frame = (xml: string, appId: string) => {
  const body = Buffer.from(xml)
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  return Buffer.concat([RANDOM, len, body, Buffer.from(appId)])
}

describe('WeChat message encryption', () => {
  it('reproduces the official vector exactly', () => {
    expect(encryptMessage(MESSAGE, APP_ID, KEY, { random: RANDOM })).toBe(EXPECTED)
  })

  it('decrypts the official vector', () => {
    expect(decryptMessage(EXPECTED, APP_ID, [KEY])).toEqual({ xml: MESSAGE, encodingAesKey: KEY })
  })

  it('round-trips with a random prefix, which differs every time', () => {
    const a = encryptMessage('<xml><Content><![CDATA[你好]]></Content></xml>', APP_ID, KEY)
    const b = encryptMessage('<xml><Content><![CDATA[你好]]></Content></xml>', APP_ID, KEY)
    expect(a).not.toBe(b)
    expect(decryptMessage(a, APP_ID, [KEY]).xml).toBe('<xml><Content><![CDATA[你好]]></Content></xml>')
  })

  it('pads to 32-byte blocks, a whole block when already aligned', () => {
    expect(pkcs7Pad(Buffer.alloc(31)).length).toBe(32)
    expect(pkcs7Pad(Buffer.alloc(32)).length).toBe(64)
    expect(pkcs7Pad(Buffer.alloc(32)).at(-1)).toBe(32)
    expect(pkcs7Unpad(pkcs7Pad(Buffer.from('abc')))).toEqual(Buffer.from('abc'))
    // The official ciphertext is 64 bytes: 16 + 4 + 19 + 18 = 57 bytes padded to 64, not to 48 or 80.
    expect(Buffer.from(EXPECTED, 'base64').length).toBe(64)
  })

  it('tries the previous key when the current one does not open the message (key rotation)', () => {
    const sealedWithOld = encryptMessage('<xml/>', APP_ID, OTHER_KEY)
    expect(decryptMessage(sealedWithOld, APP_ID, [KEY, OTHER_KEY])).toEqual({ xml: '<xml/>', encodingAesKey: OTHER_KEY })
    expect(() => decryptMessage(sealedWithOld, APP_ID, [KEY])).toThrow(DecryptError)
  })

  it('rejects a message for another AppID', () => {
    expect(() => decryptMessage(EXPECTED, 'wx0000000000000000', [KEY])).toThrow(DecryptError)
    expect(() => decryptMessage(rawEncrypt(pkcs7Pad(frame('<xml/>', `${APP_ID}x`))), APP_ID, [KEY])).toThrow(DecryptError)
  })

  it('rejects bad padding of every kind with the same error type', () => {
    const body = frame('<xml/>', APP_ID) // 16 + 4 + 6 + 18 = 44 bytes
    const padded = (tail: Buffer) => rawEncrypt(Buffer.concat([body, tail]))
    const cases = [
      padded(Buffer.alloc(20, 0)), // pad byte 0
      padded(Buffer.concat([Buffer.alloc(19, 7), Buffer.from([20])])), // inconsistent pad bytes
      rawEncrypt(Buffer.concat([body, Buffer.alloc(52, 52)])), // pad value > 32
      padded(Buffer.concat([Buffer.alloc(19, 20), Buffer.from([33])])),
    ]
    for (const c of cases) expect(() => decryptMessage(c, APP_ID, [KEY])).toThrow(DecryptError)
  })

  it('rejects a length field that points past the end', () => {
    const plain = frame('<xml/>', APP_ID)
    plain.writeUInt32BE(10_000, 16)
    expect(() => decryptMessage(rawEncrypt(pkcs7Pad(plain)), APP_ID, [KEY])).toThrow(DecryptError)
  })

  it('rejects ciphertext that is not strict Base64 or not whole blocks', () => {
    for (const bad of ['', 'not base64!', `${EXPECTED.slice(0, -2)}`, EXPECTED.slice(0, 44), `${EXPECTED}\n`, Buffer.alloc(48).toString('base64')]) {
      expect(() => decryptMessage(bad, APP_ID, [KEY])).toThrow(DecryptError)
    }
  })

  it('rejects invalid UTF-8 in the message', () => {
    const body = Buffer.from([0xff, 0xfe, 0x3c])
    const len = Buffer.alloc(4)
    len.writeUInt32BE(body.length)
    const plain = pkcs7Pad(Buffer.concat([RANDOM, len, body, Buffer.from(APP_ID)]))
    expect(() => decryptMessage(rawEncrypt(plain), APP_ID, [KEY])).toThrow(DecryptError)
  })

  it('refuses a malformed EncodingAESKey', () => {
    expect(() => decodeAesKey('short')).toThrow()
    expect(() => decodeAesKey(`${KEY.slice(0, 42)}=`)).toThrow()
    expect(decodeAesKey(KEY)).toHaveLength(32)
  })
})
