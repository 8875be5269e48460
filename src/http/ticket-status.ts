import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Desk } from '../desk/desk.ts'
import { publicTicketStatus } from '../desk/tickets/index.ts'
import { TicketStatus } from '../desk/vocabulary.ts'
import type { AppEnv } from './env.ts'
import { ErrorResponse, NumberParam, validationHook } from './schemas.ts'

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

/** What a worker may look up about their ticket. */
export function ticketStatusRoutes(desk: Desk) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(statusRoute, async (c) =>
    c.json(await publicTicketStatus(desk, c.req.valid('param').number), 200),
  )
}
