import { createHmac } from 'node:crypto'
import { EDGE_INBOUND_PATH, FORWARD_SIGNATURE_HEADER, FORWARD_TIMESTAMP_HEADER, type EdgeForward } from '../../src/channels/edge-forward/wire.ts'

/** The shared secret of the edge tests: the core's EDGE_FORWARD_SECRET and the Worker's. */
export const FORWARD_SECRET = 'edge-forward-secret-0123456789abcdef'

/**
 * A forward signed as the contract says (HMAC-SHA256 over timestamp, newline, body), written
 * from wire.ts's comment rather than with the edge's code, so the core's check is tested
 * against the contract and not against itself.
 */
export const signedForward = (forward: EdgeForward | string, opts: { secret?: string; at?: Date; signature?: string } = {}): [string, RequestInit] => {
  const body = typeof forward === 'string' ? forward : JSON.stringify(forward)
  const timestamp = String(Math.floor((opts.at ?? new Date()).getTime() / 1000))
  const signature = opts.signature ?? createHmac('sha256', opts.secret ?? FORWARD_SECRET).update(`${timestamp}\n${body}`).digest('hex')
  return [EDGE_INBOUND_PATH, { method: 'POST', headers: { 'content-type': 'application/json', [FORWARD_TIMESTAMP_HEADER]: timestamp, [FORWARD_SIGNATURE_HEADER]: signature }, body }]
}

let nextMsgId = 7_438_300_000_000_000_000n
/** A fresh 19-digit MsgId, as WeChat gives each message. */
export const freshMsgId = () => String(nextMsgId++)

export const textForward = (openId: string, text: string, opts: { msgId?: string; mode?: 'reply' | 'deliver' } = {}): EdgeForward => ({
  v: 1,
  mode: opts.mode ?? 'reply',
  replyBudgetMs: 2500,
  callback: {
    kind: 'message',
    message: { channel: 'wechat_oa', externalUserId: openId, externalMessageId: opts.msgId ?? freshMsgId(), text, media: [], profile: {}, receivedAt: new Date().toISOString() },
  },
})
