import { randomBytes, timingSafeEqual } from 'node:crypto'
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
  // Every supplied key is checked, an empty or blank one included, before anything is written,
  // and the message names the variable it came from.
  if (fromEnv !== undefined) checkKeyFormat(fromEnv, 'DATA_ENCRYPTION_KEY')
  if (fromFile !== undefined) checkKeyFormat(fromFile, `DATA_ENCRYPTION_KEY_FILE (${config.DATA_ENCRYPTION_KEY_FILE})`)
  if (fromEnv !== undefined && fromFile !== undefined && fromEnv !== fromFile) {
    throw new SecretsError('DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEY_FILE name different keys: set one of them.')
  }
  const supplied = fromEnv ?? fromFile

  ensurePrivateDir(config.DATA_DIR)
  const file = path.join(config.DATA_DIR, 'secrets.json')
  const stored = existsSync(file) ? readSecretsFile(file) : {}
  // An empty stored key (written by an old defect) never sealed anything (no key that short
  // opens): it counts as none. Anything else that is not a key is refused, never replaced.
  const storedKey = stored.dataEncryptionKey?.trim() ? stored.dataEncryptionKey : undefined
  if (storedKey !== undefined) checkKeyFormat(storedKey, file)

  const dataEncryptionKey = supplied ?? storedKey ?? randomBytes(32).toString('hex')
  const adminToken = config.ADMIN_TOKEN ?? stored.adminToken ?? randomBytes(24).toString('base64url')
  // Only what was generated is added; what the file holds stays as it is.
  const additions = {
    ...(!config.ADMIN_TOKEN && !stored.adminToken ? { adminToken } : {}),
    ...(supplied === undefined && storedKey === undefined ? { dataEncryptionKey } : {}),
  }
  if (Object.keys(additions).length > 0) writeFileSync(file, JSON.stringify({ ...stored, ...additions }, null, 2) + '\n', { mode: 0o600 })
  if (existsSync(file)) chmodSync(file, 0o600)
  return {
    adminToken,
    dataEncryptionKey,
    adminTokenFrom: config.ADMIN_TOKEN ? 'ADMIN_TOKEN' : file,
    keyFrom: fromEnv !== undefined ? 'DATA_ENCRYPTION_KEY' : fromFile !== undefined ? `DATA_ENCRYPTION_KEY_FILE (${config.DATA_ENCRYPTION_KEY_FILE})` : file,
  }
}

/** The one KeyCheck row: the check value of the key the data in this database was written with. */
const KEY_CHECK_ID = 'data-key'

/**
 * Refuses a key that is not the one the data was written with: starting with it would seal
 * new data under the wrong key, show cadres nothing of the old, and answer every web
 * request's number and code with 404 (access codes are keyed hashes).
 *
 * The database keeps the key's check value (FieldCrypto.keyCheck) in the KeyCheck row,
 * written by the first desk that starts on it. Data from before that row: the key must open
 * what is already sealed (a name, phone or location, a ticket's gathered facts); then the
 * check is written. Access-code hashes cannot be tested without their codes: a database with
 * only those and no row yet takes the key it is given (and says so in the log).
 */
export async function checkKeyAgainstData(db: Db, crypto: FieldCrypto, keyFrom: string, log?: (message: string) => void): Promise<void> {
  const mine = crypto.keyCheck()
  const row = await db.keyCheck.findUnique({ where: { id: KEY_CHECK_ID } })
  if (row) {
    if (!sameValue(row.value, mine)) throw wrongKey(keyFrom)
    return
  }
  const sealed = await sealedSample(db)
  if (sealed) {
    try {
      crypto.open(sealed)
    } catch {
      throw wrongKey(keyFrom)
    }
  } else if (await db.ticket.findFirst({ where: { accessCodeHash: { not: null } }, select: { id: true } })) {
    log?.(`The database has web requests from before the data key's check value and nothing sealed to test the key from ${keyFrom} against: taking it, and writing its check value.`)
  }
  try {
    await db.keyCheck.create({ data: { id: KEY_CHECK_ID, value: mine } })
  } catch (err) {
    // Another process starting on the same database wrote it first: its key must be this one.
    const other = await db.keyCheck.findUnique({ where: { id: KEY_CHECK_ID } })
    if (!other) throw err
    if (!sameValue(other.value, mine)) throw wrongKey(keyFrom)
  }
}

/** Something the key sealed, oldest first: a worker's name, phone or location, or a ticket's facts. */
async function sealedSample(db: Db): Promise<string | null> {
  const worker = await db.worker.findFirst({
    where: { OR: [{ nameEnc: { not: null } }, { phoneEnc: { not: null } }, { location: { not: null } }] },
    select: { nameEnc: true, phoneEnc: true, location: true },
    orderBy: { createdAt: 'asc' },
  })
  const fromWorker = worker?.nameEnc ?? worker?.phoneEnc ?? worker?.location
  if (fromWorker) return fromWorker
  const ticket = await db.ticket.findFirst({ where: { facts: { not: null } }, select: { facts: true }, orderBy: { createdAt: 'asc' } })
  return ticket?.facts ?? null
}

const wrongKey = (keyFrom: string) =>
  new SecretsError(
    `The data key from ${keyFrom} is not the key the data in this database was written with: it does not open the names and phones, the facts and the web requests' access codes already there. ` +
      'Restore the key from your backup (DATA_DIR/secrets.json, DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_FILE). The desk will not start with the wrong key.',
  )

function sameValue(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** DATA_DIR holds the database (message text), the AOF and the secrets: only the desk's user may enter it. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}

function checkKeyFormat(key: string, where: string): void {
  const problem = key.trim() === '' ? (key === '' ? 'it is empty' : 'it is blank') : null
  try {
    if (problem) throw new Error(problem)
    FieldCrypto.fromKeyString(key)
  } catch {
    throw new SecretsError(`${where} is not a data key${problem ? ` (${problem})` : ''}: it must be 64 hex characters (or 32 bytes in base64), e.g. the output of \`openssl rand -hex 32\`.`)
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
