import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import type { Config } from './config.ts'

/** Secrets the desk needs. When the operator sets none, the embedded desk makes its own once. */
export type Secrets = { adminToken: string; dataEncryptionKey: string; generated: boolean }

/**
 * Reads ADMIN_TOKEN and DATA_ENCRYPTION_KEY from config, or from DATA_DIR/secrets.json,
 * creating that file (mode 0600) on first start. Losing the encryption key makes stored
 * names and phones unreadable, so it is written once and never replaced.
 */
export function loadSecrets(config: Config): Secrets {
  if (config.ADMIN_TOKEN && config.DATA_ENCRYPTION_KEY) {
    return { adminToken: config.ADMIN_TOKEN, dataEncryptionKey: config.DATA_ENCRYPTION_KEY, generated: false }
  }
  const file = path.join(config.DATA_DIR, 'secrets.json')
  let stored: Partial<Secrets> = {}
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>
  const secrets = {
    adminToken: config.ADMIN_TOKEN ?? stored.adminToken ?? randomBytes(18).toString('base64url'),
    dataEncryptionKey: config.DATA_ENCRYPTION_KEY ?? stored.dataEncryptionKey ?? randomBytes(32).toString('hex'),
  }
  const changed = secrets.adminToken !== stored.adminToken || secrets.dataEncryptionKey !== stored.dataEncryptionKey
  if (changed && (!config.ADMIN_TOKEN || !config.DATA_ENCRYPTION_KEY)) {
    mkdirSync(config.DATA_DIR, { recursive: true })
    writeFileSync(file, JSON.stringify({ adminToken: secrets.adminToken, dataEncryptionKey: secrets.dataEncryptionKey }, null, 2), { mode: 0o600 })
  }
  return { ...secrets, generated: !config.ADMIN_TOKEN }
}
