import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Desk } from '../desk/desk.ts'
import { ticketStatusForRequester } from '../desk/tickets/index.ts'
import { TicketStatus } from '../desk/vocabulary.ts'
import type { AppEnv } from './env.ts'
import { limitByAddress, type ClientAddress, type RateLimits } from './limits.ts'
import { ErrorResponse, NumberParam, inputString, validationHook } from './schemas.ts'

export const TicketStatusView = z
  .object({
    number: z.string(),
    status: TicketStatus,
    statusLabel: z.string().openapi({ example: '已受理，等待工会干部答复' }),
    expectedBy: z.string().nullable().openapi({ description: 'When a cadre will first answer, while nobody has yet' }),
    expectedByText: z.string().nullable().openapi({ example: '明天14:00前' }),
  })
  .openapi('TicketStatus')

const statusRoute = createRoute({
  method: 'get',
  path: '/api/tickets/{number}',
  tags: ['Tickets'],
  summary: 'Where a web request stands, for the worker who holds its number and access code',
  description: 'A wrong or missing code answers exactly as a ticket that does not exist: 404.',
  request: {
    params: NumberParam,
    query: z.object({ code: inputString().max(40).optional().openapi({ param: { name: 'code', in: 'query' }, example: 'K7M2-XQ9P-4H' }) }),
  },
  responses: {
    200: { description: 'The ticket status', content: { 'application/json': { schema: TicketStatusView } } },
    400: { description: 'Not a ticket number', content: { 'application/json': { schema: ErrorResponse } } },
    404: { description: 'No such ticket, or not this code', content: { 'application/json': { schema: ErrorResponse } } },
    429: { description: 'Too many look-ups from this address; Retry-After says when to try again', content: { 'application/json': { schema: ErrorResponse } } },
  },
})

/** What a worker may look up about their ticket. */
export function ticketStatusRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('/api/tickets/:number', limitByAddress(limits, 'status', clientAddress))
  return app.openapi(statusRoute, async (c) =>
    c.json(await ticketStatusForRequester(desk, c.req.valid('param').number, c.req.valid('query').code ?? ''), 200),
  )
}
