import { describe, expect, it } from 'vitest'
import { sha1Signature, signatureMatches } from '../../../src/channels/wechat-oa/signature.ts'
import { isFreshTimestamp } from '../../../src/channels/wechat-oa/timestamp.ts'

describe('sha1Signature', () => {
  // Expected values computed independently (Python hashlib over the sorted, joined parts).
  it('hashes the sorted token, timestamp and nonce', () => {
    expect(sha1Signature('niangjia2026', '1764050400', '1514711492')).toBe('6a699210e9b59edb427bc3ae04e8236de12074a2')
    expect(sha1Signature('1514711492', 'niangjia2026', '1764050400')).toBe('6a699210e9b59edb427bc3ae04e8236de12074a2')
  })

  it('includes Encrypt for msg_signature', () => {
    const encrypt = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=='
    expect(sha1Signature('niangjia2026', '1764050400', '1514711492', encrypt)).toBe('0305b732206e5da2662740cefe01da24702566ad')
  })
})

describe('signatureMatches', () => {
  const good = '6a699210e9b59edb427bc3ae04e8236de12074a2'
  it('accepts only the identical digest', () => {
    expect(signatureMatches(good, good)).toBe(true)
    expect(signatureMatches(good.replace(/.$/, '3'), good)).toBe(false)
    expect(signatureMatches(good.toUpperCase(), good)).toBe(false)
  })
  it('rejects other lengths without throwing (timingSafeEqual needs equal lengths)', () => {
    expect(signatureMatches('', good)).toBe(false)
    expect(signatureMatches(`${good}00`, good)).toBe(false)
    expect(signatureMatches('我'.repeat(40), good)).toBe(false)
  })
})

describe('isFreshTimestamp', () => {
  const now = new Date('2026-11-25T06:00:00Z')
  const at = (offsetSeconds: number) => String(Math.floor(now.getTime() / 1000) + offsetSeconds)
  it('accepts up to five minutes either way', () => {
    expect(isFreshTimestamp(at(0), now)).toBe(true)
    expect(isFreshTimestamp(at(-300), now)).toBe(true)
    expect(isFreshTimestamp(at(300), now)).toBe(true)
  })
  it('rejects older or newer timestamps', () => {
    expect(isFreshTimestamp(at(-301), now)).toBe(false)
    expect(isFreshTimestamp(at(301), now)).toBe(false)
  })
  it('rejects anything that is not a plain number', () => {
    for (const bad of ['', 'abc', '1e9', '-1795586400', ' 1795586400', '1795586400.5', '99999999999999']) {
      expect(isFreshTimestamp(bad, now)).toBe(false)
    }
  })
})
