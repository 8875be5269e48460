import { z } from 'zod'

/**
 * The query strings WeChat calls the 服务器配置 URL with, shared by the core's webhook
 * (webhook.ts) and the edge entry (src/edge/), so both refuse exactly the same requests.
 */

/** GET: the URL check. */
export const VerifyQuery = z.object({
  signature: z.string().regex(/^[0-9a-f]{40}$/i),
  timestamp: z.string().max(12),
  nonce: z.string().min(1).max(64),
  // Not covered by the signature, so only echo something that looks like WeChat's token:
  // a captured URL must not turn us into a reflector for arbitrary text.
  echostr: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
})

/** POST: a message or an event. */
export const CallbackQuery = z.object({
  signature: z.string().regex(/^[0-9a-f]{40}$/i),
  timestamp: z.string().max(12),
  nonce: z.string().min(1).max(64),
  encrypt_type: z.string().max(16).optional(),
  msg_signature: z.string().max(64).optional(),
})
