import { randomUUID } from 'node:crypto'
import type { RedisClient } from '../../redis/connect.ts'
import type { Logger } from 'pino'
import { WeChatTransportError } from './errors.ts'
import { checkedApiBaseUrl, postJson } from './http.ts'

/**
 * The account's access token, fetched from WeChat's stable-token endpoint and shared by every
 * process through Redis.
 *
 * Why the stable token (POST /cgi-bin/stable_token): unlike /cgi-bin/token, fetching it in
 * normal mode does not invalidate the token other processes hold, and during the last five
 * minutes of a token's life it hands out the next one. So we cache each token until five
 * minutes before it expires and fetch again then; nobody is ever left holding a dead token.
 *
 * Why a lock: with N HTTP and worker processes, a cold or expired cache would otherwise cost
 * N fetches against a daily quota. One process takes a short Redis lock (SET NX PX) and
 * fetches; the others wait for the cache to fill. The lock expires on its own if its holder dies.
 *
 * When WeChat refuses a token (40001/40014/42001), {@link AccessTokenCache.invalidate} gets a
 * new one: first in normal mode; if that returns the same refused token, with
 * `force_refresh: true` (limited by WeChat to 20 a day, and it invalidates the old token
 * everywhere, which is what we want at that point).
 */

export type AccessTokenCacheOptions = {
  redis: RedisClient
  appId: string
  appSecret: string
  /** https, or plain http to a loopback address (the constructor throws otherwise): the AppSecret is posted here. */
  baseUrl: string
  /** Per HTTP request to WeChat. */
  timeoutMs: number
  /** Redis key prefix; the AppID is appended so several accounts can share one Redis. */
  keyPrefix?: string
  /** Fetch again this long before expiry (WeChat hands out the next token in the last 5 minutes). */
  refreshMarginSeconds?: number
  /** How long one process may hold the refresh lock. */
  lockTtlMs?: number
  logger?: Logger
}

type Cached = { token: string; expiresAt: number }

/** Deletes the lock only if we still hold it (a slow holder must not free someone else's lock). */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class AccessTokenCache {
  private readonly tokenKey: string
  private readonly lockKey: string
  private readonly margin: number
  private readonly lockTtlMs: number

  constructor(private readonly opts: AccessTokenCacheOptions) {
    checkedApiBaseUrl(opts.baseUrl)
    const prefix = `${opts.keyPrefix ?? 'niangjia:wechat-oa'}:${opts.appId}`
    this.tokenKey = `${prefix}:access-token`
    this.lockKey = `${prefix}:access-token-lock`
    this.margin = opts.refreshMarginSeconds ?? 300
    this.lockTtlMs = opts.lockTtlMs ?? Math.max(2 * opts.timeoutMs, 5000)
  }

  /** A token that is valid for at least a few more minutes. */
  async get(): Promise<string> {
    return this.obtain(undefined)
  }

  /** WeChat refused `badToken`: return a different, fresh token (fetched once across all processes). */
  async invalidate(badToken: string): Promise<string> {
    return this.obtain(badToken)
  }

  private async obtain(refused: string | undefined): Promise<string> {
    const deadline = Date.now() + this.lockTtlMs + this.opts.timeoutMs
    for (;;) {
      const cached = await this.read()
      if (cached !== undefined && cached.token !== refused) return cached.token
      const lockValue = randomUUID()
      if ((await this.opts.redis.set(this.lockKey, lockValue, 'PX', this.lockTtlMs, 'NX')) === 'OK') {
        try {
          // Someone may have refreshed between our read and our lock.
          const again = await this.read()
          if (again !== undefined && again.token !== refused) return again.token
          return await this.fetchAndStore(refused)
        } finally {
          await this.opts.redis.eval(RELEASE_LOCK, 1, this.lockKey, lockValue)
        }
      }
      if (Date.now() > deadline) throw new WeChatTransportError('timed out waiting for another process to refresh the access token', '/cgi-bin/stable_token')
      await sleep(50)
    }
  }

  private async read(): Promise<Cached | undefined> {
    const raw = await this.opts.redis.get(this.tokenKey)
    if (raw === null) return undefined
    try {
      const cached = JSON.parse(raw) as Cached
      return typeof cached.token === 'string' && cached.expiresAt > Date.now() ? cached : undefined
    } catch {
      return undefined
    }
  }

  private async fetchAndStore(refused: string | undefined): Promise<string> {
    let fresh = await this.fetchStable(false)
    if (refused !== undefined && fresh.token === refused) {
      this.opts.logger?.warn('WeChat refused a token it still hands out; forcing a refresh')
      fresh = await this.fetchStable(true)
    }
    // Expire our copy early so the next fetch falls in WeChat's hand-over window; very short
    // lifetimes (tests, odd answers) keep half of their life rather than none.
    const lifetime = fresh.expiresIn > 2 * this.margin ? fresh.expiresIn - this.margin : Math.max(1, Math.floor(fresh.expiresIn / 2))
    const cached: Cached = { token: fresh.token, expiresAt: Date.now() + lifetime * 1000 }
    await this.opts.redis.set(this.tokenKey, JSON.stringify(cached), 'PX', lifetime * 1000)
    this.opts.logger?.info({ lifetimeSeconds: lifetime, forced: fresh.forced }, 'WeChat access token refreshed')
    return fresh.token
  }

  private async fetchStable(forceRefresh: boolean): Promise<{ token: string; expiresIn: number; forced: boolean }> {
    const { json } = await postJson({
      baseUrl: this.opts.baseUrl,
      path: '/cgi-bin/stable_token',
      body: { grant_type: 'client_credential', appid: this.opts.appId, secret: this.opts.appSecret, force_refresh: forceRefresh },
      timeoutMs: this.opts.timeoutMs,
    })
    if (typeof json.access_token !== 'string' || json.access_token === '' || typeof json.expires_in !== 'number') {
      throw new WeChatTransportError('stable_token answer without access_token/expires_in', '/cgi-bin/stable_token')
    }
    return { token: json.access_token, expiresIn: json.expires_in, forced: forceRefresh }
  }
}
