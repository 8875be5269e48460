import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Desk } from '../desk/deps.ts'
import { publicTicketStatus, replyToTicket } from '../desk/tickets.ts'
import { ticketNumberPattern } from '../desk/ticket-number.ts'
import { TicketStatus } from '../desk/types.ts'
import { adminAuth } from './auth.ts'
import type { AppEnv } from './env.ts'
import { ErrorResponse, jsonBody, validationHook } from './schemas.ts'

const NumberParam = z.object({
  number: z
    .string()
    .regex(ticketNumberPattern, 'a ticket number looks like NJ-261125-0007')
    .openapi({ param: { name: 'number', in: 'path' }, example: 'NJ-261125-0007' }),
})

export const TicketStatusView = z
  .object({
    number: z.string(),
    status: TicketStatus,
    statusLabel: z.string().openapi({ example: '已受理，等待工会干部答复' }),
    unitName: z.string(),
    assigned: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    firstRespondedAt: z.string().nullable(),
    firstResponseDueAt: z.string().nullable(),
  })
  .openapi('TicketStatus')

export const ReplyRequest = z
  .strictObject({
    text: z.string().trim().min(1, 'text must not be empty').max(2000, 'text is over 2,000 characters'),
    cadreId: z.string().min(1).max(40).optional().openapi({ description: 'Who answers; defaults to the assignee' }),
  })
  .openapi('ReplyRequest')

const ReplyRecorded = z
  .object({ number: z.string(), deliveryId: z.string(), firstResponse: z.boolean(), repliedAt: z.string() })
  .openapi('ReplyRecorded')

const statusRoute = createRoute({
  method: 'get',
  path: '/api/tickets/{number}',
  tags: ['Tickets'],
  summary: 'Where a ticket stands (no personal data)',
  request: { params: NumberParam },
  responses: {
    200: { description: 'The ticket status', content: { 'application/json': { schema: TicketStatusView } } },
    400: { description: 'Not a ticket number', content: { 'application/json': { schema: ErrorResponse } } },
    404: { description: 'No such ticket', content: { 'application/json': { schema: ErrorResponse } } },
  },
})

const replyRoute = createRoute({
  method: 'post',
  path: '/api/tickets/{number}/replies',
  tags: ['Tickets'],
  summary: 'A cadre answers a ticket',
  description: 'Records the answer, stops the first-response clock and cancels the pending reminder. Needs the admin token.',
  security: [{ adminToken: [] }],
  request: { params: NumberParam, body: jsonBody(ReplyRequest) },
  responses: {
    201: { description: 'The reply was recorded', content: { 'application/json': { schema: ReplyRecorded } } },
    400: { description: 'The body is not valid', content: { 'application/json': { schema: ErrorResponse } } },
    401: { description: 'Missing or wrong admin token', content: { 'application/json': { schema: ErrorResponse } } },
    404: { description: 'No such ticket', content: { 'application/json': { schema: ErrorResponse } } },
  },
})

export function ticketRoutes(desk: Desk, adminToken: string) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(statusRoute, async (c) => c.json(await publicTicketStatus(desk, c.req.valid('param').number), 200))
  app.use('/api/tickets/:number/replies', adminAuth(adminToken))
  app.openapi(replyRoute, async (c) => {
    const { number } = c.req.valid('param')
    const body = c.req.valid('json')
    const result = await replyToTicket(desk, { number, text: body.text, cadreId: body.cadreId, actor: 'admin' })
    c.get('logger').info({ ticket: number, firstResponse: result.firstResponse }, 'cadre reply recorded')
    return c.json(result, 201)
  })
  return app
}
