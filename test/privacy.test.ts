import { describe, expect, it } from 'vitest'
import { FieldCrypto, normalisePhone } from '../src/privacy/field-crypto.ts'

const crypto = FieldCrypto.fromKeyString('0f'.repeat(32))

describe('sealed personal fields', () => {
  it('round-trips and never repeats a ciphertext', () => {
    const a = crypto.seal('李秀英')
    expect(a).not.toContain('李秀英')
    expect(a).not.toBe(crypto.seal('李秀英'))
    expect(crypto.open(a)).toBe('李秀英')
  })

  it('refuses a tampered field or another key', () => {
    const sealed = crypto.seal('13800138000')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('00000000000', 'utf8').toString('base64url')
    expect(() => crypto.open(parts.join('.'))).toThrow()
    expect(() => FieldCrypto.fromKeyString('1e'.repeat(32)).open(sealed)).toThrow()
  })

  it('gives one blind index for the many ways a phone is written, and none for another key', () => {
    const forms = ['13800138000', '+86 138-0013-8000', '86 138 0013 8000'].map((p) => crypto.blindIndex(normalisePhone(p)))
    expect(new Set(forms).size).toBe(1)
    expect(FieldCrypto.fromKeyString('1e'.repeat(32)).blindIndex('13800138000')).not.toBe(forms[0])
  })

  it('requires a 32-byte key', () => {
    expect(() => FieldCrypto.fromKeyString('abcd')).toThrow(/32 bytes/)
  })
})
