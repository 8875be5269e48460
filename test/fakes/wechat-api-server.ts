import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for https://api.weixin.qq.com that speaks the real protocol: the same
 * paths, JSON shapes, error codes and access-token rules, so the real client runs against it.
 *
 * Token rules copied from WeChat's stable-token documentation:
 * - normal mode returns the current token while it has more than 5 minutes left, and a new one
 *   during the last 5 minutes (the old one keeps working until it expires);
 * - `force_refresh: true` issues a new token and invalidates the previous one at once.
 *
 * Tests steer it with {@link FakeWeChatApi.failNext}, {@link FakeWeChatApi.delayNext},
 * {@link FakeWeChatApi.expireTokens} and {@link FakeWeChatApi.revokeTokens}, and assert on
 * {@link FakeWeChatApi.sent} (every message WeChat would have delivered) and
 * {@link FakeWeChatApi.tokenRequests}.
 */

export type SentMessage =
  | { kind: 'custom'; toOpenId: string; msgtype: string; content: string; body: Record<string, unknown> }
  | { kind: 'template'; toOpenId: string; templateId: string; msgId: string; body: Record<string, unknown> }
  | { kind: 'menu'; body: Record<string, unknown> }

export type TokenRequest = { appid: string; forceRefresh: boolean; ok: boolean }

export type FakeWeChatApi = {
  baseUrl: string
  sent: SentMessage[]
  tokenRequests: TokenRequest[]
  /** The next `count` calls (to `path`, or to any message endpoint) answer with `errcode`. */
  failNext(count: number, errcode: number, path?: string): void
  /** The next `count` calls (to `path`, or to any endpoint) answer only after `ms`. */
  delayNext(count: number, ms: number, path?: string): void
  /** Every issued token expires now (next use: 42001). */
  expireTokens(): void
  /** Every issued token is revoked now, as if someone force-refreshed elsewhere (next use: 40001). */
  revokeTokens(): void
  close(): Promise<void>
}

export type FakeWeChatApiOptions = {
  appId: string
  appSecret: string
  /** expires_in for new tokens; WeChat uses 7200. */
  tokenLifetimeSeconds?: number
}

/** errmsg texts as WeChat writes them (a " rid: …" request id is appended, as WeChat does). */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40037: 'invalid template_id',
  40125: 'invalid appsecret',
  40164: 'invalid ip 203.0.113.7, not in whitelist',
  41001: 'access_token missing',
  42001: 'access_token expired',
  43004: 'require subscribe',
  44002: 'empty post data',
  45002: 'content size out of limit',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  47001: 'data format error',
}

const MESSAGE_PATHS = ['/cgi-bin/message/custom/send', '/cgi-bin/message/template/send', '/cgi-bin/menu/create']
const HANDOVER_SECONDS = 300

type Rule = { remaining: number; path: string | undefined; errcode?: number; delayMs?: number }
type IssuedToken = { expiresAt: number; revoked: boolean }

export const startFakeWeChatApi = async (opts: FakeWeChatApiOptions): Promise<FakeWeChatApi> => {
  const lifetime = opts.tokenLifetimeSeconds ?? 7200
  const tokens = new Map<string, IssuedToken>()
  let current: string | undefined
  let nextMsgId = 3_000_000_000_000_000_000n // beyond 2^53 on purpose
  const failures: Rule[] = []
  const delays: Rule[] = []
  const sent: SentMessage[] = []
  const tokenRequests: TokenRequest[] = []

  /** The first live rule for `path`; rules without a path apply to the paths in `pathless`. */
  const take = (rules: Rule[], path: string, pathless: string[]): Rule | undefined => {
    const rule = rules.find((r) => r.remaining > 0 && (r.path === undefined ? pathless.includes(path) : r.path === path))
    if (rule) rule.remaining -= 1
    return rule
  }
  const error = (errcode: number) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'unknown error'} rid: ${randomBytes(4).toString('hex')}` })

  const issue = (): { access_token: string; expires_in: number } => {
    current = `ACCESS_TOKEN_${randomBytes(12).toString('hex')}`
    tokens.set(current, { expiresAt: Date.now() + lifetime * 1000, revoked: false })
    return { access_token: current, expires_in: lifetime }
  }

  const stableToken = (body: Record<string, unknown>) => {
    const forceRefresh = body.force_refresh === true
    const record = (ok: boolean) => tokenRequests.push({ appid: String(body.appid), forceRefresh, ok })
    if (body.grant_type !== 'client_credential') return (record(false), error(47001))
    if (body.appid !== opts.appId) return (record(false), error(40013))
    if (body.secret !== opts.appSecret) return (record(false), error(40125))
    record(true)
    if (forceRefresh) {
      for (const t of tokens.values()) t.revoked = true
      return issue()
    }
    const live = current === undefined ? undefined : tokens.get(current)
    const left = live && !live.revoked ? Math.floor((live.expiresAt - Date.now()) / 1000) : 0
    if (current !== undefined && left > HANDOVER_SECONDS) return { access_token: current, expires_in: left }
    return issue()
  }

  const checkToken = (url: URL) => {
    const token = url.searchParams.get('access_token')
    if (!token) return error(41001)
    const t = tokens.get(token)
    if (!t) return error(40014)
    if (t.revoked) return error(40001)
    if (t.expiresAt <= Date.now()) return error(42001)
    return undefined
  }

  const messageCall = (path: string, body: Record<string, unknown>) => {
    if (path === '/cgi-bin/message/custom/send') {
      const text = body.text as { content?: unknown } | undefined
      if (typeof body.touser !== 'string' || body.msgtype !== 'text' || typeof text?.content !== 'string') return error(47001)
      if (Buffer.byteLength(text.content, 'utf8') > 2048) return error(45002)
      sent.push({ kind: 'custom', toOpenId: body.touser, msgtype: 'text', content: text.content, body })
      return { errcode: 0, errmsg: 'ok' }
    }
    if (path === '/cgi-bin/message/template/send') {
      if (typeof body.touser !== 'string' || typeof body.template_id !== 'string' || typeof body.data !== 'object') return error(47001)
      const msgId = String(nextMsgId++)
      sent.push({ kind: 'template', toOpenId: body.touser, templateId: body.template_id, msgId, body })
      // Raw JSON so the msgid keeps all its digits, as WeChat's answer does.
      return `{"errcode":0,"errmsg":"ok","msgid":${msgId}}`
    }
    if (!Array.isArray(body.button)) return error(47001)
    sent.push({ kind: 'menu', body })
    return { errcode: 0, errmsg: 'ok' }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const reply = (answer: unknown) => {
      // WeChat answers errors with HTTP 200 and a JSON body; so do we.
      res.writeHead(200, { 'Content-Type': 'application/json; encoding=utf-8' })
      res.end(typeof answer === 'string' ? answer : JSON.stringify(answer))
    }
    const delay = take(delays, url.pathname, [...MESSAGE_PATHS, '/cgi-bin/stable_token'])
    if (delay?.delayMs) await new Promise((r) => setTimeout(r, delay.delayMs))
    if (req.method !== 'POST') return reply(error(43002 /* require POST method */))
    if (raw === '') return reply(error(44002))
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw) as Record<string, unknown>
    } catch {
      return reply(error(47001))
    }
    if (url.pathname === '/cgi-bin/stable_token') {
      const injected = take(failures, url.pathname, MESSAGE_PATHS)
      if (injected?.errcode === undefined) return reply(stableToken(body))
      tokenRequests.push({ appid: String(body.appid), forceRefresh: body.force_refresh === true, ok: false })
      return reply(error(injected.errcode))
    }
    if (!MESSAGE_PATHS.includes(url.pathname)) {
      res.writeHead(404).end()
      return
    }
    const tokenError = checkToken(url)
    if (tokenError) return reply(tokenError)
    const injected = take(failures, url.pathname, MESSAGE_PATHS)
    if (injected?.errcode !== undefined) return reply(error(injected.errcode))
    return reply(messageCall(url.pathname, body))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    tokenRequests,
    failNext: (count, errcode, path) => void failures.push({ remaining: count, path, errcode }),
    delayNext: (count, ms, path) => void delays.push({ remaining: count, path, delayMs: ms }),
    expireTokens: () => {
      for (const t of tokens.values()) t.expiresAt = Date.now() - 1
    },
    revokeTokens: () => {
      for (const t of tokens.values()) t.revoked = true
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
