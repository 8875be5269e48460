import type { RedisClient } from '../../redis/connect.ts'
import type { Logger } from 'pino'
import { AccessTokenCache } from './access-token.ts'
import { TOKEN_ERROR_CODES, WeChatApiError } from './errors.ts'
import { checkedApiBaseUrl, postJson, type WeChatJson } from './http.ts'

export type OfficialAccountClientOptions = {
  appId: string
  appSecret: string
  /**
   * `WECHAT_API_BASE_URL`; https://api.weixin.qq.com unless a proxy or a test server stands in.
   * It must be https, or plain http to a loopback address; the constructor throws otherwise.
   */
  baseUrl?: string
  /** Shared by all processes: the access token lives here. */
  redis: RedisClient
  /** Per HTTP request; WeChat normally answers in well under a second. */
  timeoutMs?: number
  keyPrefix?: string
  logger?: Logger
}

/** One template-message field: `{ value, color? }` as WeChat expects it. */
export type TemplateField = { value: string; color?: string }

export type TemplateMessage = {
  toOpenId: string
  templateId: string
  data: Record<string, TemplateField>
  /** Opened when the worker taps the message. */
  url?: string
  miniprogram?: { appid: string; pagepath?: string }
  /** WeChat drops a second send with the same id: pass the Delivery id so a retried job cannot send twice. */
  clientMsgId?: string
}

/**
 * WeChat's server API for one Official Account: customer-service messages (客服消息, allowed
 * for 48 hours after the worker last wrote) and template messages (模板消息, any time, for
 * notices). Every failure is a {@link WeChatApiError} (with `kind` and `retryable`) or a
 * `WeChatTransportError`; retrying is the outbound queue's decision, except for a refused
 * access token, which is refetched and the call repeated once here.
 *
 * @example
 * const wechat = new OfficialAccountClient({ appId, appSecret, redis })
 * await wechat.sendText(openId, '您的求助已受理，编号 …')
 */
export class OfficialAccountClient {
  private readonly tokens: AccessTokenCache
  private readonly baseUrl: string
  private readonly timeoutMs: number

  constructor(opts: OfficialAccountClientOptions) {
    this.baseUrl = checkedApiBaseUrl(opts.baseUrl ?? 'https://api.weixin.qq.com')
    this.timeoutMs = opts.timeoutMs ?? 5000
    this.tokens = new AccessTokenCache({
      redis: opts.redis,
      appId: opts.appId,
      appSecret: opts.appSecret,
      baseUrl: this.baseUrl,
      timeoutMs: this.timeoutMs,
      ...(opts.keyPrefix !== undefined ? { keyPrefix: opts.keyPrefix } : {}),
      ...(opts.logger !== undefined ? { logger: opts.logger.child({ channel: 'wechat_oa' }) } : {}),
    })
  }

  /** The shared access token (exposed for operator scripts such as creating the menu by hand). */
  getAccessToken(): Promise<string> {
    return this.tokens.get()
  }

  /**
   * A customer-service text message. WeChat allows them within 48 hours of the worker's last
   * message (else 45015) and limits how many may follow one message (else 45047); content is
   * capped at 2048 bytes (else 45002, see `truncateUtf8` in xml.ts).
   */
  async sendText(toOpenId: string, content: string): Promise<void> {
    await this.call('/cgi-bin/message/custom/send', { touser: toOpenId, msgtype: 'text', text: { content } })
  }

  /** A template message; returns WeChat's msgid (kept as a string: it can exceed 2^53). */
  async sendTemplate(message: TemplateMessage): Promise<{ msgId: string }> {
    const { text } = await this.call('/cgi-bin/message/template/send', {
      touser: message.toOpenId,
      template_id: message.templateId,
      data: message.data,
      ...(message.url !== undefined ? { url: message.url } : {}),
      ...(message.miniprogram !== undefined ? { miniprogram: message.miniprogram } : {}),
      ...(message.clientMsgId !== undefined ? { client_msg_id: message.clientMsgId } : {}),
    })
    return { msgId: /"msgid"\s*:\s*"?(\d+)/.exec(text)?.[1] ?? '' }
  }

  /** Publishes the custom menu (see menu.ts `defaultMenu()`); replaces the current one. */
  async createMenu(menu: { button: unknown[] }): Promise<void> {
    await this.call('/cgi-bin/menu/create', menu)
  }

  private async call(path: string, body: unknown): Promise<{ json: WeChatJson; text: string }> {
    const token = await this.tokens.get()
    try {
      return await postJson({ baseUrl: this.baseUrl, path, query: { access_token: token }, body, timeoutMs: this.timeoutMs })
    } catch (err) {
      if (!(err instanceof WeChatApiError) || !TOKEN_ERROR_CODES.has(err.errcode)) throw err
      // Refused token: get a new one (once across all processes) and repeat the call once.
      const fresh = await this.tokens.invalidate(token)
      return postJson({ baseUrl: this.baseUrl, path, query: { access_token: fresh }, body, timeoutMs: this.timeoutMs })
    }
  }
}
