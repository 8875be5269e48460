import { WeChatApiError, WeChatTransportError } from './errors.ts'

/** The JSON WeChat answers with; `errcode` is absent or 0 on success. */
export type WeChatJson = { errcode?: number; errmsg?: string; [key: string]: unknown }

/**
 * POSTs JSON to WeChat and returns the parsed answer, raising {@link WeChatApiError} for a
 * non-zero errcode and {@link WeChatTransportError} for everything that is not an answer.
 * The raw text is returned too, for fields (template `msgid`) that may exceed 2^53.
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
    })
    text = await response.text()
  } catch (err) {
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
