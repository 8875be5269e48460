import {
  EDGE_INBOUND_PATH,
  ForwardAnswer,
  FORWARD_SIGNATURE_HEADER,
  FORWARD_TIMESTAMP_HEADER,
  macInput,
  type EdgeForward,
} from '../channels/edge-forward/wire.ts'
import { edgeConfig, type EdgeBindings, type EdgeConfig } from './config.ts'
import { edgeLog } from './log.ts'
import type { MessageBatch } from './runtime.ts'
import { hmacSha256Hex } from './web-crypto.ts'

/**
 * What a forward to the core came to:
 * - stored: the core answered 200, so it holds the message (a duplicate included);
 * - refused: the core answered 400, and would refuse every copy (the edge validated it with
 *   the same schemas, so this means the two have drifted apart);
 * - failed: no answer in time, a 5xx, or the core refused our signature (a secret or clock an
 *   operator has to fix): the message must wait in the queue.
 */
export type ForwardOutcome = { kind: 'stored'; answer: ForwardAnswer } | { kind: 'refused'; status: number } | { kind: 'failed'; reason: string }

/** Signs and POSTs one forward; never throws. Every attempt is signed anew, so the core can refuse a replay. */
export const forwardToCore = async (config: EdgeConfig, forward: EdgeForward, timeoutMs: number): Promise<ForwardOutcome> => {
  const body = JSON.stringify(forward)
  const timestamp = String(Math.floor(Date.now() / 1000))
  const signature = await hmacSha256Hex(config.EDGE_FORWARD_SECRET, macInput(timestamp, body))
  let response: Response
  try {
    response = await fetch(new URL(EDGE_INBOUND_PATH, config.EDGE_CORE_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [FORWARD_TIMESTAMP_HEADER]: timestamp, [FORWARD_SIGNATURE_HEADER]: signature },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    })
  } catch (err) {
    return { kind: 'failed', reason: err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'core unreachable' }
  }
  const text = await response.text().catch(() => '')
  if (response.status === 200) {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const answer = ForwardAnswer.safeParse(json)
    // Stored either way: a 200 is only given once the message is. Without a readable answer there is just no reply to give.
    return { kind: 'stored', answer: answer.success ? answer.data : { status: 'accepted' } }
  }
  if (response.status === 400 || response.status === 413) return { kind: 'refused', status: response.status }
  return { kind: 'failed', reason: `core answered ${response.status} ${errorCode(text)}`.trim() }
}

const errorCode = (text: string): string => {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code
    return typeof code === 'string' ? code.slice(0, 40) : ''
  } catch {
    return ''
  }
}

/** Doubling from EDGE_RETRY_BASE_SECONDS up to EDGE_RETRY_MAX_SECONDS: a core back from an outage is not flooded at once. */
export const retryDelaySeconds = (attempts: number, config: Pick<EdgeConfig, 'EDGE_RETRY_BASE_SECONDS' | 'EDGE_RETRY_MAX_SECONDS'>): number =>
  Math.min(config.EDGE_RETRY_MAX_SECONDS, config.EDGE_RETRY_BASE_SECONDS * 2 ** Math.min(16, Math.max(0, attempts - 1)))

/**
 * The queue's consumer: each message the edge could not hand over in time, forwarded until
 * the core has it. Acked on 200 only (a duplicate is a 200: the core deduplicates by channel
 * and message id); everything else is retried with backoff, and after max_retries
 * (wrangler.toml) Cloudflare moves it to the dead-letter queue, where an operator finds it.
 */
export const deliverQueued = async (batch: MessageBatch<EdgeForward>, env: EdgeBindings): Promise<void> => {
  let config: EdgeConfig
  try {
    config = edgeConfig(env)
  } catch (err) {
    edgeLog('error', (err as Error).message)
    for (const message of batch.messages) message.retry({ delaySeconds: 60 })
    return
  }
  await Promise.all(
    batch.messages.map(async (message) => {
      const outcome = await forwardToCore(config, { ...message.body, mode: 'deliver' }, 15_000)
      if (outcome.kind === 'stored') {
        edgeLog('info', 'queued message handed to the core', { queueId: message.id, attempts: message.attempts })
        message.ack()
        return
      }
      const delaySeconds = retryDelaySeconds(message.attempts, config)
      const reason = outcome.kind === 'refused' ? `core refused it (${outcome.status})` : outcome.reason
      edgeLog(outcome.kind === 'refused' ? 'error' : 'warn', 'queued message not handed over; retrying', { queueId: message.id, attempts: message.attempts, reason, delaySeconds })
      message.retry({ delaySeconds })
    }),
  )
}
