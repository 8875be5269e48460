import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Config } from './config.ts'
import type { Db } from './db/client.ts'
import { FieldCrypto } from './privacy/field-crypto.ts'

/** Secrets the desk needs. When the operator sets none, the embedded desk makes its own once. */
export type Secrets = {
  adminToken: string
  dataEncryptionKey: string
  /** Where each came from, for the start-up message (never the values themselves). */
  adminTokenFrom: string
  keyFrom: string
}

export class SecretsError extends Error {
  override name = 'SecretsError'
}

/**
 * The admin token and the data key, from (in order) the environment, a key file outside
 * DATA_DIR (DATA_ENCRYPTION_KEY_FILE), or DATA_DIR/secrets.json, which is created (0600, in
 * a 0700 DATA_DIR) with whatever had to be generated. A key given by the operator is checked
 * before anything is written; a key already in secrets.json is never rewritten, because
 * losing it makes every sealed name, phone and location unreadable. Whether the key fits
 * the data already stored is checked once the database is open (checkKeyAgainstData).
 */
export function loadSecrets(config: Config): Secrets {
  const fromEnv = config.DATA_ENCRYPTION_KEY
  const fromFile = config.DATA_ENCRYPTION_KEY_FILE ? readKeyFile(config.DATA_ENCRYPTION_KEY_FILE) : undefined
  if (fromEnv && fromFile && fromEnv !== fromFile) {
    throw new SecretsError('DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEY_FILE name different keys: set one of them.')
  }
  const supplied = fromEnv ?? fromFile
  if (supplied) checkKeyFormat(supplied, fromEnv ? 'DATA_ENCRYPTION_KEY' : `DATA_ENCRYPTION_KEY_FILE (${config.DATA_ENCRYPTION_KEY_FILE})`)

  ensurePrivateDir(config.DATA_DIR)
  const file = path.join(config.DATA_DIR, 'secrets.json')
  const stored = existsSync(file) ? readSecretsFile(file) : {}
  if (stored.dataEncryptionKey) checkKeyFormat(stored.dataEncryptionKey, file)

  const dataEncryptionKey = supplied ?? stored.dataEncryptionKey ?? randomBytes(32).toString('hex')
  const adminToken = config.ADMIN_TOKEN ?? stored.adminToken ?? randomBytes(24).toString('base64url')
  // Only what was generated is added; what the file holds stays as it is.
  const additions = {
    ...(!config.ADMIN_TOKEN && !stored.adminToken ? { adminToken } : {}),
    ...(!supplied && !stored.dataEncryptionKey ? { dataEncryptionKey } : {}),
  }
  if (Object.keys(additions).length > 0) writeFileSync(file, JSON.stringify({ ...stored, ...additions }, null, 2) + '\n', { mode: 0o600 })
  if (existsSync(file)) chmodSync(file, 0o600)
  return {
    adminToken,
    dataEncryptionKey,
    adminTokenFrom: config.ADMIN_TOKEN ? 'ADMIN_TOKEN' : file,
    keyFrom: fromEnv ? 'DATA_ENCRYPTION_KEY' : fromFile ? config.DATA_ENCRYPTION_KEY_FILE! : file,
  }
}

/**
 * Refuses a key that does not open what is already sealed in the database: starting with
 * it would write new data under the wrong key and show cadres nothing for the old.
 */
export async function checkKeyAgainstData(db: Db, crypto: FieldCrypto, keyFrom: string): Promise<void> {
  const sample = await db.worker.findFirst({
    where: { OR: [{ nameEnc: { not: null } }, { phoneEnc: { not: null } }, { location: { not: null } }] },
    select: { nameEnc: true, phoneEnc: true, location: true },
    orderBy: { createdAt: 'asc' },
  })
  const sealed = sample?.nameEnc ?? sample?.phoneEnc ?? sample?.location
  if (!sealed) return
  try {
    crypto.open(sealed)
  } catch {
    throw new SecretsError(
      `The data key from ${keyFrom} does not open the names and phones already in the database: they were sealed with another key. ` +
        'Restore the key from your backup (DATA_DIR/secrets.json, DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_FILE). The desk will not start with the wrong key.',
    )
  }
}

/** DATA_DIR holds the database (message text), the AOF and the secrets: only the desk's user may enter it. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}

function checkKeyFormat(key: string, where: string): void {
  try {
    FieldCrypto.fromKeyString(key)
  } catch {
    throw new SecretsError(`${where} is not a data key: it must be 64 hex characters (or 32 bytes in base64), e.g. the output of \`openssl rand -hex 32\`.`)
  }
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (err) {
    throw new SecretsError(`DATA_ENCRYPTION_KEY_FILE ${file} cannot be read: ${(err as Error).message}`)
  }
}

function readSecretsFile(file: string): { adminToken?: string; dataEncryptionKey?: string } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { adminToken?: string; dataEncryptionKey?: string }
  } catch (err) {
    throw new SecretsError(`${file} is not valid JSON (${(err as Error).message}); restore it from your backup rather than delete it: it holds the data key.`)
  }
}
