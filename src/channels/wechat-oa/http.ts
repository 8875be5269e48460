import { WeChatApiError, WeChatTransportError } from './errors.ts'

/** The JSON WeChat answers with; `errcode` is absent or 0 on success. */
export type WeChatJson = { errcode?: number; errmsg?: string; [key: string]: unknown }

/**
 * POSTs JSON to WeChat and returns the parsed answer, raising {@link WeChatApiError} for a
 * non-zero errcode and {@link WeChatTransportError} for everything that is not an answer.
 * The raw text is returned too, for fields (template `msgid`) that may exceed 2^53.
 *
 * A redirect is never followed: fetch would post the same body (the AppSecret, for the
 * token) to wherever a 307 or 308 points. It is a transport error, like any answer that is
 * not WeChat's JSON.
 *
 * Never put the URL into an error or a log: its query carries the access token.
 */
export const postJson = async (args: {
  baseUrl: string
  path: string
  query?: Record<string, string>
  body: unknown
  timeoutMs: number
}): Promise<{ json: WeChatJson; text: string }> => {
  const url = new URL(args.path, args.baseUrl.endsWith('/') ? args.baseUrl : `${args.baseUrl}/`)
  for (const [k, v] of Object.entries(args.query ?? {})) url.searchParams.set(k, v)
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(args.body),
      signal: AbortSignal.timeout(args.timeoutMs),
      redirect: 'manual',
    })
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      throw new WeChatTransportError(`answered with a redirect (HTTP ${response.status}), which is not followed: check WECHAT_API_BASE_URL`, args.path)
    }
    text = await response.text()
  } catch (err) {
    if (err instanceof WeChatTransportError) throw err
    const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${args.timeoutMs} ms` : 'request failed'
    throw new WeChatTransportError(reason, args.path, { cause: err })
  }
  if (!response.ok) throw new WeChatTransportError(`HTTP ${response.status}`, args.path)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new WeChatTransportError('answer is not JSON', args.path)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new WeChatTransportError('answer is not a JSON object', args.path)
  const answer = json as WeChatJson
  if (typeof answer.errcode === 'number' && answer.errcode !== 0) {
    throw new WeChatApiError(answer.errcode, typeof answer.errmsg === 'string' ? answer.errmsg : '', args.path)
  }
  return { json: answer, text }
}

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)

/**
 * Why a WeChat API base URL is refused, or undefined when it is fine: https, or plain http
 * to a loopback address (127.0.0.0/8, ::1, localhost) where a test server or a local proxy
 * listens. Anything else would carry the AppSecret and access tokens in the clear.
 */
export const apiBaseUrlProblem = (baseUrl: string): string | undefined => {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return 'WECHAT_API_BASE_URL must be a URL such as https://api.weixin.qq.com'
  }
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined
  return `WECHAT_API_BASE_URL must use https (got ${url.protocol}//${url.host}): the AppSecret and access tokens travel on it; plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost)`
}

/** Throws at construction for a base URL {@link apiBaseUrlProblem} refuses. */
export const checkedApiBaseUrl = (baseUrl: string): string => {
  const problem = apiBaseUrlProblem(baseUrl)
  if (problem) throw new Error(problem)
  return baseUrl
}
