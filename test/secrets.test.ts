import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { loadSecrets, SecretsError } from '../src/secrets.ts'
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
/** The real entry (src/main.ts) with this environment: its exit code and what it wrote. */
function runMain(env: Record<string, string>, role = 'web'): Promise<{ code: number | null; output: string }> {
  const main = path.join(import.meta.dirname, '..', 'src', 'main.ts')
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATA_ENCRYPTION_KEY|ADMIN_TOKEN|DATABASE_URL|DATA_DIR|REDIS_URL)/.test(k)))
  const child = spawn(process.execPath, ['--import', 'tsx', main, role], { env: { ...clean, LOG_LEVEL: 'info', PORT: '0', SEED_DEMO: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  // A desk that started after all (the defect) must not outlive the test.
  cleanup.push(async () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'))
  return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve({ code, output }))))
}
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
    expect(secrets.keyFrom).toBe(`DATA_ENCRYPTION_KEY_FILE (${keyFile})`)
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

  it('refuses an empty or blank DATA_ENCRYPTION_KEY_FILE, naming that variable, and writes no key (defect D5)', () => {
    for (const content of ['', '  \n\t\n']) {
      const dataDir = path.join(tempDir(), 'fresh')
      const keyFile = path.join(tempDir(), 'data-key')
      writeFileSync(keyFile, content, { mode: 0o600 })
      let thrown: unknown
      try {
        loadSecrets(config(dataDir, { DATA_ENCRYPTION_KEY_FILE: keyFile }))
      } catch (err) {
        thrown = err
      }
      expect(thrown).toBeInstanceOf(SecretsError)
      expect((thrown as Error).message).toMatch(/^DATA_ENCRYPTION_KEY_FILE/)
      expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false)
    }
  })

  it('refuses a blank DATA_ENCRYPTION_KEY and a key that only base64 decoding forgives', () => {
    for (const key of ['   ', `${'A'.repeat(20)} ${'A'.repeat(23)}=`, `${'Q'.repeat(43)}=!`]) {
      const dataDir = path.join(tempDir(), 'fresh')
      expect(() => loadSecrets(config(dataDir, { DATA_ENCRYPTION_KEY: key }))).toThrow(/^DATA_ENCRYPTION_KEY is not a data key/)
      expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false)
    }
  })

  it('a secrets.json poisoned with an empty key (by the old defect) gets a generated key; nothing was ever sealed under ""', () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'secrets.json'), JSON.stringify({ adminToken: 'x'.repeat(32), dataEncryptionKey: '' }), { mode: 0o600 })
    const secrets = loadSecrets(config(dataDir))
    expect(secrets.dataEncryptionKey).toMatch(/^[0-9a-f]{64}$/)
    expect(stored(dataDir)).toEqual({ adminToken: 'x'.repeat(32), dataEncryptionKey: secrets.dataEncryptionKey })
  })

  it('the entry exits 78 (EX_CONFIG) on an empty key file, naming DATA_ENCRYPTION_KEY_FILE', async () => {
    const dataDir = path.join(tempDir(), 'fresh')
    const keyFile = path.join(tempDir(), 'data-key')
    writeFileSync(keyFile, '\n', { mode: 0o600 })
    const { code, output } = await runMain({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY_FILE: keyFile, ADMIN_TOKEN: 'x'.repeat(32) }, 'all')
    expect(output).toContain('DATA_ENCRYPTION_KEY_FILE')
    expect(code).toBe(78)
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false)
  }, 60_000)
})

describe('the data key against the data (defect D1: no name, phone or location stored, the wrong key was accepted)', () => {
  /** The auditor's repro: a web request with no name or phone, then a second message with its number and code. */
  async function requestWithoutName() {
    const redis = await startTestRedis()
    cleanup.push(() => redis.stop())
    const first = await startTestDesk({ redisUrl: redis.url })
    cleanup.push(() => first.close())
    const opened = await first.app.request('/api/messages', json({ text: '老板拖欠我们三个月工资了' }))
    expect(opened.status).toBe(201)
    const { ticketNumber, accessCode } = (await opened.json()) as { ticketNumber: string; accessCode: string }
    const more = await first.app.request('/api/messages', json({ text: '欠了三个月，一共两万四千元，公司是深圳市南山区某电子厂', ticketNumber, accessCode }))
    expect(more.status).toBeLessThan(300)
    expect(await first.desk.db.worker.count({ where: { OR: [{ nameEnc: { not: null } }, { phoneEnc: { not: null } }, { location: { not: null } }] } })).toBe(0)
    return { redis, first, ticketNumber, accessCode }
  }
  const reopen = (t: Awaited<ReturnType<typeof requestWithoutName>>, env: Record<string, string> = {}) =>
    startTestDesk({ redisUrl: t.redis.url, dataDir: t.first.dataDir, databaseUrl: t.first.databaseUrl, env: { QUEUE_PREFIX: t.first.desk.config.QUEUE_PREFIX, ...env } })
  /** Starting with a key: the error it was refused with, or 'started' (and the desk stopped again). */
  const refusal = async (t: Awaited<ReturnType<typeof requestWithoutName>>, key: string): Promise<unknown> => {
    const outcome = await reopen(t, { DATA_ENCRYPTION_KEY: key }).then(async (d) => (await d.stop(), 'started' as const), (err: unknown) => err)
    return outcome
  }

  it('refuses another key by the check value written with the data, naming the variable; the right key still opens the ticket', async () => {
    const t = await requestWithoutName()
    await t.first.stop()
    const refused = await refusal(t, 'd'.repeat(64))
    expect(refused).toBeInstanceOf(SecretsError)
    expect((refused as Error).message).toMatch(/^The data key from DATA_ENCRYPTION_KEY is not the key/)
    const again = await reopen(t)
    cleanup.push(() => again.stop())
    expect((await again.app.request(`/api/tickets/${t.ticketNumber}?code=${t.accessCode}`)).status).toBe(200)
    await again.stop()
  }, 60_000)

  it('on data from before the check value (none stored), checks the key against sealed facts, then writes the check', async () => {
    const t = await requestWithoutName()
    expect(await t.first.desk.db.ticket.count({ where: { facts: { not: null } } })).toBeGreaterThan(0)
    await t.first.desk.db.keyCheck.deleteMany()
    await t.first.stop()
    expect(await refusal(t, 'd'.repeat(64))).toBeInstanceOf(SecretsError)
    const again = await reopen(t)
    cleanup.push(() => again.stop())
    expect(await again.desk.db.keyCheck.count()).toBe(1)
    await again.stop()
    expect(await refusal(t, 'd'.repeat(64))).toBeInstanceOf(SecretsError)
  }, 60_000)

  it('a web process with the wrong key exits 78 and names the variable', async () => {
    const t = await requestWithoutName()
    await t.first.stop()
    const c = t.first.desk.config
    const { code, output } = await runMain({ DATA_DIR: c.DATA_DIR, DATABASE_URL: c.DATABASE_URL, REDIS_URL: t.redis.url, QUEUE_PREFIX: c.QUEUE_PREFIX, ADMIN_TOKEN: 'x'.repeat(32), DATA_ENCRYPTION_KEY: 'd'.repeat(64) })
    expect(code).toBe(78)
    expect(output).toContain('DATA_ENCRYPTION_KEY')
  }, 60_000)
})
