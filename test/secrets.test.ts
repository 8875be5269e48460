import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { loadSecrets } from '../src/secrets.ts'
import { json, startTestDesk } from './support/desk.ts'
import { startTestRedis } from './support/redis.ts'
import { testDatabaseKind } from './support/database.ts'

const dirs: string[] = []
const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'niangjia-secrets-'))
  dirs.push(d)
  return d
}
const config = (dataDir: string, env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, ...env })
const mode = (file: string) => statSync(file).mode & 0o777
const stored = (dataDir: string) => JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>

describe('secrets', () => {
  it('never rewrites a stored key (defect: a DATA_ENCRYPTION_KEY without ADMIN_TOKEN overwrote it)', () => {
    const dataDir = tempDir()
    const first = loadSecrets(config(dataDir))
    const other = 'b'.repeat(64)
    const second = loadSecrets(config(dataDir, { DATA_ENCRYPTION_KEY: other }))
    expect(second.dataEncryptionKey).toBe(other)
    expect(stored(dataDir)).toEqual({ adminToken: first.adminToken, dataEncryptionKey: first.dataEncryptionKey })
  })

  it('refuses a supplied key that is not a key, naming the variable, before writing anything', () => {
    const dataDir = path.join(tempDir(), 'fresh')
    expect(() => loadSecrets(config(dataDir, { DATA_ENCRYPTION_KEY: 'not-a-key' }))).toThrow(/DATA_ENCRYPTION_KEY is not a data key/)
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false)
  })

  it('keeps DATA_DIR private: the folder 0700, the secrets file 0600', () => {
    const dataDir = path.join(tempDir(), 'data')
    loadSecrets(config(dataDir))
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(path.join(dataDir, 'secrets.json'))).toBe(0o600)
  })

  it('reads the key from a file outside DATA_DIR, and then keeps no copy of it there', () => {
    const dataDir = tempDir()
    const keyFile = path.join(tempDir(), 'data-key')
    writeFileSync(keyFile, `${'c'.repeat(64)}\n`, { mode: 0o600 })
    const secrets = loadSecrets(config(dataDir, { DATA_ENCRYPTION_KEY_FILE: keyFile }))
    expect(secrets.dataEncryptionKey).toBe('c'.repeat(64))
    expect(stored(dataDir).dataEncryptionKey).toBeUndefined()
    expect(secrets.keyFrom).toBe(keyFile)
  })

  it('refuses to start when the key does not open the data already stored, and starts again with the right one', async () => {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const first = await startTestDesk({ redisUrl: redis.url })
    cleanup.push(() => first.close())
    expect((await first.app.request('/api/messages', json({ text: '公司拖欠工资', name: '周师傅', phone: '13700001111' }))).status).toBe(201)
    await first.stop()
    // The database holds message text: only the desk's user may read it (PostgreSQL keeps its own files).
    if (testDatabaseKind === 'sqlite') expect(mode(first.desk.config.DATABASE_URL.slice('file:'.length))).toBe(0o600)

    const env = { QUEUE_PREFIX: first.desk.config.QUEUE_PREFIX }
    await expect(startTestDesk({ redisUrl: redis.url, dataDir: first.dataDir, databaseUrl: first.databaseUrl, env: { ...env, DATA_ENCRYPTION_KEY: 'd'.repeat(64) } })).rejects.toThrow(/does not open the names and phones/)
    const again = await startTestDesk({ redisUrl: redis.url, dataDir: first.dataDir, databaseUrl: first.databaseUrl, env })
    await again.stop()
  })
})
