import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Seals personal fields (a worker's name and phone) with AES-256-GCM before they
 * reach the database, and derives a keyed blind index so a returning worker can be
 * recognised by phone without storing the phone in the clear.
 * Sealed format: "v1.<iv>.<tag>.<ciphertext>", each part base64url.
 */
export class FieldCrypto {
  readonly #sealKey: Buffer
  readonly #indexKey: Buffer

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must decode to exactly 32 bytes')
    // Separate keys for sealing and indexing: a leaked index key must not open the data.
    this.#sealKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/seal/v1', 32))
    this.#indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/index/v1', 32))
  }

  /** Accepts 64 hex characters or 32 bytes in base64. */
  static fromKeyString(key: string): FieldCrypto {
    const bytes = /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64')
    return new FieldCrypto(bytes)
  }

  seal(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#sealKey, iv)
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return ['v1', iv, cipher.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
  }

  open(sealed: string): string {
    const [version, iv, tag, ct] = sealed.split('.')
    if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed field')
    const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
  }

  /** A stable, keyed fingerprint for equality lookups (phone numbers, external ids in logs). */
  blindIndex(value: string): string {
    return createHmac('sha256', this.#indexKey).update(value).digest('base64url')
  }
}

export { normalisePhone } from './phone.ts'
