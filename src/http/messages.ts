import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { acceptWebMessage } from '../channels/web-intake.ts'
import type { Desk } from '../desk/desk.ts'
import { ticketNumberPattern } from '../desk/tickets/index.ts'
import type { AppEnv } from './env.ts'
import { limitByAddress, tooMany, type ClientAddress, type RateLimits } from './limits.ts'
import { ErrorResponse, inputString, jsonBody, validationHook } from './schemas.ts'

export const MessageRequest = z
  .strictObject({
    text: inputString({ error: 'text is required: what the worker wants to tell the union' })
      .trim()
      .min(1, 'text must not be empty')
      .max(2000, 'text is over 2,000 characters; split it into several messages')
      .openapi({ example: '老板拖欠我们三个月工资了，二十多个人，怎么办' }),
    name: inputString().trim().min(1).max(50).optional().openapi({ example: '王师傅' }),
    phone: z
      .string()
      .trim()
      .regex(/^[+\d][\d\s-]{5,19}$/, 'phone must be digits, e.g. 13800138000')
      .optional()
      .openapi({ example: '13800138000' }),
    orgHint: inputString().trim().min(1).max(100).optional().openapi({
      description: 'A union unit code, or the employer or place the worker is at',
      example: '粤海街道',
    }),
    clientMessageId: z
      .string()
      .regex(/^[\w-]{8,64}$/, 'clientMessageId must be 8-64 letters, digits, _ or -')
      .optional()
      .openapi({ description: 'Send the same id again on a retry: the desk answers as before and creates nothing new.' }),
    ticketNumber: inputString().regex(ticketNumberPattern, 'a ticket number looks like NJ-261125-0007').optional().openapi({
      description: 'To add to (or rate) an earlier request: its number, with its accessCode',
    }),
    accessCode: inputString().trim().min(1).max(40).optional().openapi({ description: 'The code shown once when the request was opened', example: 'K7M2XQ9P4H' }),
    conversation: inputString().regex(/^[A-Za-z0-9]{16,64}$/, 'conversation is the key an earlier answer gave, 16-64 letters and digits').optional().openapi({
      description: 'To answer the desk before a ticket exists (it asked what the matter is about): the conversation key its answer gave',
    }),
  })
  .refine((b) => (b.ticketNumber === undefined) === (b.accessCode === undefined), {
    message: 'ticketNumber and accessCode go together: send both to continue a request, neither to open a new one',
    path: ['accessCode'],
  })
  .refine((b) => !(b.ticketNumber && b.conversation), {
    message: 'send either ticketNumber with accessCode or conversation, not both',
    path: ['conversation'],
  })
  .openapi('MessageRequest')

export const MessageAccepted = z
  .object({
    ticketNumber: z.string().nullable().openapi({ example: 'NJ-261125-0007' }),
    outcome: z.enum(['opened', 'continued', 'answered']).openapi({
      description: 'opened: a new ticket. continued: added to the open ticket. answered: the desk answered without a ticket (a question back, a command, thanks, the rating of a closed ticket)',
    }),
    duplicate: z.boolean(),
    reply: z.string().openapi({ description: 'What to show the worker, in the script they wrote in' }),
    accessCode: z.string().optional().openapi({
      description: 'Only when this message opened a new request: with the ticket number, the key to it. Shown this once; keep it.',
      example: 'K7M2XQ9P4H',
    }),
    conversation: z.string().optional().openapi({
      description: 'When no ticket was opened yet (the desk asked a question back): send it as conversation with the answer. Keep it private.',
    }),
  })
  .openapi('MessageAccepted')

const route = createRoute({
  method: 'post',
  path: '/api/messages',
  tags: ['Intake'],
  summary: 'A worker sends the union a message',
  description: 'Stores the message, classifies it, opens (or continues) a ticket and routes it to a cadre.',
  request: { body: jsonBody(MessageRequest) },
  responses: {
    201: { description: 'A new ticket was opened, or the message continued an open one', content: { 'application/json': { schema: MessageAccepted } } },
    200: {
      description: 'The same clientMessageId was seen before (the earlier answer, nothing new created), or the message rated a closed ticket',
      content: { 'application/json': { schema: MessageAccepted } },
    },
    400: { description: 'The body is not valid', content: { 'application/json': { schema: ErrorResponse } } },
    413: { description: 'The body is over 64 KB', content: { 'application/json': { schema: ErrorResponse } } },
    415: { description: 'The body is not JSON', content: { 'application/json': { schema: ErrorResponse } } },
    429: { description: 'Too many messages from this address or to this request, or too many look-ups of a number and code from this address; Retry-After says when to try again', content: { 'application/json': { schema: ErrorResponse } } },
    503: { description: 'Storage is unavailable; nothing was saved', content: { 'application/json': { schema: ErrorResponse } } },
  },
})

/**
 * The web channel's intake over JSON: the work is acceptWebMessage's (src/channels/web-intake.ts),
 * shared with the portal's forms; this route validates, limits by address and answers.
 */
export function messageRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  // Limits come before anything is written: a refused message leaves no trace.
  app.use('/api/messages', limitByAddress(limits, 'web_intake', clientAddress))
  return app.openapi(route, async (c) => {
    const body = c.req.valid('json')
    // A number and code is a look-up, counted per address like GET /api/tickets/{number}
    // before anything is looked up: codes cannot be guessed through this route either.
    if (body.ticketNumber) {
      const verdict = await limits.take('status', clientAddress(c))
      if (!verdict.allowed) return tooMany(c, 'status', verdict.retryAfterSeconds)
    }
    const intake = await acceptWebMessage(desk, limits, body)
    if (!intake.accepted) return tooMany(c, intake.limit, intake.retryAfterSeconds)
    const result = intake.result
    c.get('logger').info({ ticket: result.ticketNumber, outcome: result.outcome, duplicate: result.duplicate }, 'message accepted')
    // 201 only when this message opened or continued a ticket; a repeat or a rating changed no ticket's work.
    return c.json(result, result.duplicate || result.outcome === 'answered' ? 200 : 201)
  })
}
