import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, ConfigSchema, loadConfig } from '../src/config.ts'

describe('configuration', () => {
  it('has working defaults for the embedded desk', () => {
    const c = loadConfig({ DATA_DIR: '/srv/nj' })
    expect(c).toMatchObject({ PORT: 3000, DATABASE_URL: 'file:/srv/nj/niangjia.db', QUEUE_PREFIX: 'nj', RUN_WORKERS: true })
    expect(c.REDIS_URL).toBeUndefined()
  })

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).PORT).toBe(3000)
  })

  it('names every bad variable and what it should look like', () => {
    let err: unknown
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'localhost', ADMIN_TOKEN: 'short', DATABASE_URL: 'mysql://x', LOG_PRETTY: 'maybe' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const message = (err as ConfigError).message
    for (const name of ['PORT', 'REDIS_URL', 'ADMIN_TOKEN', 'DATABASE_URL', 'LOG_PRETTY']) expect(message).toContain(name)
    expect(message).toContain('redis://127.0.0.1:6379')
    expect(message).toContain('.env.example')
  })

  it('is documented: .env.example names every variable, and its values parse', () => {
    const example = readFileSync('.env.example', 'utf8')
    for (const key of Object.keys(ConfigSchema.shape)) expect(example, key).toMatch(new RegExp(`^#? ?${key}=`, 'm'))
    const set = Object.fromEntries(
      example.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/\s+#.*$/, '')]),
    )
    expect(() => loadConfig(set)).not.toThrow()
  })
})
