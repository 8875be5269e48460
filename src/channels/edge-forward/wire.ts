import { z } from 'zod'
import { InboundMessage } from '../types.ts'

/**
 * The contract between the edge entry (src/edge/, a Cloudflare Worker) and the core's
 * ingress (ingress.ts): one signed JSON POST per callback. Imported by both sides, so it
 * holds nothing that needs Node or the Workers runtime.
 *
 * Authentication: `HMAC-SHA256(EDGE_FORWARD_SECRET, timestamp + "\n" + body)` in hex, with
 * the Unix seconds it was made at. The core refuses a timestamp more than
 * {@link FORWARD_WINDOW_SECONDS} away from its clock and a (timestamp, MAC) it has seen:
 * every retry by the edge is signed anew, so only a replay repeats one.
 */

export const EDGE_INBOUND_PATH = '/edge/inbound'
export const FORWARD_TIMESTAMP_HEADER = 'x-niangjia-edge-timestamp'
export const FORWARD_SIGNATURE_HEADER = 'x-niangjia-edge-signature'
export const FORWARD_WINDOW_SECONDS = 300
/** Bigger than any callback WeChat can send (64 KB of XML) once it is JSON. */
export const MAX_FORWARD_BYTES = 128 * 1024

export const macInput = (timestamp: string, body: string): string => `${timestamp}\n${body}`

/** The Official Account is the one channel the edge serves; another would be named here. */
const ForwardedMessage = InboundMessage.extend({
  channel: z.literal('wechat_oa'),
  // JSON has no dates: the ISO text the edge wrote, read back as the same instant.
  receivedAt: z.iso.datetime().transform((s) => new Date(s)),
})

/**
 * A callback document that is not a message (an event, or a type the desk cannot take), as
 * the edge parsed it: flat text fields, read again by the core with normaliseCallback.
 */
const CallbackDocument = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.string().max(8192))
  .refine((doc) => Object.keys(doc).length <= 64, 'too many fields')

export const EdgeForward = z.object({
  v: z.literal(1),
  /**
   * reply: WeChat is waiting at the edge; answer with the reply if it is ready within
   * `replyBudgetMs`. deliver: from the edge's queue, nobody waits; the reply goes to the
   * worker as a message of its own.
   */
  mode: z.enum(['reply', 'deliver']),
  replyBudgetMs: z.number().int().min(0).max(4800).optional(),
  callback: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('message'), message: ForwardedMessage, originalTextLength: z.number().int().positive().optional() }),
    z.object({ kind: z.literal('document'), document: CallbackDocument }),
  ]),
})
export type EdgeForward = z.input<typeof EdgeForward>

/** What the core answers with 200. `reply` is a passive reply's text, already within WeChat's limit. */
export const ForwardAnswer = z.object({
  status: z.enum(['answered', 'accepted']),
  reply: z.string().optional(),
})
export type ForwardAnswer = z.infer<typeof ForwardAnswer>
