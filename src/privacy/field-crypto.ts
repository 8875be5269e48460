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
  readonly #checkKey: Buffer

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must decode to exactly 32 bytes')
    // Separate keys for sealing and indexing: a leaked index key must not open the data.
    this.#sealKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/seal/v1', 32))
    this.#indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/index/v1', 32))
    // A third, used for nothing else: the check value says which key this is without revealing it.
    this.#checkKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/key-check/v1', 32))
  }

  /**
   * Accepts 64 hex characters or 32 bytes in base64 (or base64url), strictly: Node's base64
   * decoder skips what it does not understand, so a loose check would take a typo for a key.
   */
  static fromKeyString(key: string): FieldCrypto {
    if (/^[0-9a-f]{64}$/i.test(key)) return new FieldCrypto(Buffer.from(key, 'hex'))
    if (/^[A-Za-z0-9+/]{43}=?$|^[A-Za-z0-9_-]{43}=?$/.test(key)) return new FieldCrypto(Buffer.from(key, key.includes('-') || key.includes('_') ? 'base64url' : 'base64'))
    throw new Error('DATA_ENCRYPTION_KEY must be 64 hex characters or 32 bytes in base64')
  }

  /**
   * The key's check value: an HMAC of a fixed label under a key derived for this alone. Kept
   * beside the data (the KeyCheck row), it tells whether a key is the one the data was written
   * with, even when nothing is sealed yet; it opens nothing and says nothing about the key.
   */
  keyCheck(): string {
    return 'kc1.' + createHmac('sha256', this.#checkKey).update('niangjia data key check').digest('base64url')
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
