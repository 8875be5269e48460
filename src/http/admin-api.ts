import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { Category } from '../classify/types.ts'
import { addHardshipRecord, exitHardshipRecord, listCallbacks, recordCallbackOutcome } from '../desk/care/index.ts'
import type { Desk } from '../desk/desk.ts'
import { cadreInbox } from '../desk/messaging/index.ts'
import { threeRates } from '../desk/reports/index.ts'
import { askWorker, closeTicket, correctClassification, linkRequester, reassignTicket, replyToTicket, ticketNumberPattern } from '../desk/tickets/index.ts'
import { CallbackKind, CallbackOutcome, CallbackStatus, HardshipCause, HardshipLevel } from '../desk/vocabulary.ts'
import type { AppEnv } from './env.ts'
import { errorBody } from './errors.ts'
import { ErrorResponse, NumberParam, inputString, jsonBody, validationHook } from './schemas.ts'

/**
 * The machine API for cadre work, behind the admin token until the console brings
 * per-person logins: answer, reassign, ask the worker, close, correct the category, record
 * a callback's outcome, keep the hardship archive, read the three rates. buildApp mounts
 * this sub-app behind the token (mountGuarded): a route written here is protected by that.
 */
const IdParam = z.object({ id: inputString().min(1).max(40).openapi({ param: { name: 'id', in: 'path' } }) })
const text = (max: number, what: string) => inputString().trim().min(1, `${what} must not be empty`).max(max, `${what} is over ${max} characters`)

export const ReplyRequest = z
  .strictObject({
    text: inputString().trim().min(1, 'text must not be empty').max(2000, 'text is over 2,000 characters'),
    cadreId: inputString().min(1).max(40).optional().openapi({ description: 'Who answers; defaults to the assignee' }),
  })
  .openapi('ReplyRequest')
const ReplyRecorded = z
  .object({ number: z.string(), deliveryId: z.string(), firstResponse: z.boolean(), repliedAt: z.string() })
  .openapi('ReplyRecorded')

const ReassignRequest = z
  .strictObject({ cadreId: inputString().min(1).max(40), reason: text(200, 'reason').openapi({ example: '林晓燕休假，转何家豪跟进' }) })
  .openapi('ReassignRequest')
const QuestionRequest = z
  .strictObject({ text: text(2000, 'text').openapi({ example: '您好，请问公司拖欠的是几月份的工资？有没有工资条或考勤记录？' }), cadreId: inputString().min(1).max(40).optional() })
  .openapi('QuestionRequest')
const CloseRequest = z.strictObject({ summary: text(500, 'summary').optional().openapi({ example: '已协调企业补发11月工资3,200元' }) }).openapi('CloseRequest')
const OutcomeRequest = z
  .strictObject({
    outcome: z.enum(CallbackOutcome.options).openapi({ description: 'reached | not_reached (tried again later) | needs_help (opens a new linked ticket)' }),
    note: text(500, 'note').optional(),
    category: z.enum(Category.options).optional().openapi({ description: 'For needs_help: what the new ticket is about (default hardship)' }),
  })
  .openapi('CallbackOutcomeRequest')
const HardshipRequest = z
  .strictObject({
    ticketNumber: inputString().regex(ticketNumberPattern, 'a ticket number looks like NJ-261125-0007'),
    level: HardshipLevel,
    cause: HardshipCause,
    householdSize: z.number().int().min(1).max(30).optional(),
  })
  .openapi('HardshipRecordRequest')
const ReclassifyRequest = z
  .strictObject({
    category: z.enum(Category.options).openapi({ example: 'legal_aid' }),
    urgent: z.boolean().optional().openapi({ description: 'Leave out to keep the urgency as it is' }),
  })
  .openapi('ReclassifyRequest')
const LinkRequest = z
  .strictObject({ workerId: inputString().min(1).max(40), reason: text(200, 'reason').openapi({ example: '回电核实：与2026年3月来信的是同一位职工' }) })
  .openapi('LinkRequesterRequest')
const ExitRequest = z.strictObject({ reason: text(200, 'reason').openapi({ example: '家庭收入已超过低保标准1.3倍' }) }).openapi('HardshipExitRequest')
const RatesQuery = z.object({
  month: inputString().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month looks like 2026-11').openapi({ param: { name: 'month', in: 'query' }, example: '2026-11' }),
  unit: inputString().min(1).max(40).optional().openapi({ param: { name: 'unit', in: 'query' }, description: 'An org unit code: that unit and the units below it', example: 'sz-ns' }),
})

const errors = {
  400: { description: 'The request is not valid', content: { 'application/json': { schema: ErrorResponse } } },
  401: { description: 'Missing or wrong admin token', content: { 'application/json': { schema: ErrorResponse } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorResponse } } },
  409: { description: 'Not possible in its current state (closed, already done)', content: { 'application/json': { schema: ErrorResponse } } },
}
const Result = z.record(z.string(), z.unknown()).openapi('DeskActionResult')
const done = (description: string) => ({ description, content: { 'application/json': { schema: Result } } })
const action = { tags: ['Cadre actions'], security: [{ adminToken: [] }] }

const replyRoute = createRoute({
  ...action, tags: ['Tickets'], method: 'post', path: '/api/tickets/{number}/replies', summary: 'A cadre answers a ticket',
  description: 'Records the answer, stops the first-response clock and cancels the pending reminder.',
  request: { params: NumberParam, body: jsonBody(ReplyRequest) },
  responses: { 201: { description: 'The reply was recorded', content: { 'application/json': { schema: ReplyRecorded } } }, ...errors },
})
const linkRoute = createRoute({
  ...action, method: 'post', path: '/api/tickets/{number}/requester', summary: 'Link a web request to a worker the desk knows',
  description: 'A cadre’s act, after checking it is the same person; recorded on the timeline. A phone number alone never links anything.',
  request: { params: NumberParam, body: jsonBody(LinkRequest) },
  responses: { 200: done('Linked'), ...errors },
})
const reassignRoute = createRoute({
  ...action, method: 'post', path: '/api/tickets/{number}/assignment', summary: 'Hand a ticket to another cadre',
  description: 'Recorded on the timeline with the reason; the worker and the new assignee are told.',
  request: { params: NumberParam, body: jsonBody(ReassignRequest) },
  responses: { 200: done('Reassigned'), ...errors },
})
const reclassifyRoute = createRoute({
  ...action, method: 'post', path: '/api/tickets/{number}/category', summary: 'Correct what the desk understood',
  description: 'Sets the category and/or urgency; kept as feedback for the classifier; the SLA timers follow the new policy.',
  request: { params: NumberParam, body: jsonBody(ReclassifyRequest) },
  responses: { 200: done('Corrected'), ...errors },
})
const questionRoute = createRoute({
  ...action, method: 'post', path: '/api/tickets/{number}/questions', summary: 'Ask the worker a question',
  description: 'The question goes to the worker; the SLA clocks stop until they answer.',
  request: { params: NumberParam, body: jsonBody(QuestionRequest) },
  responses: { 201: done('Asked; the clocks are paused'), ...errors },
})
const closeRoute = createRoute({
  ...action, method: 'post', path: '/api/tickets/{number}/close', summary: 'Close a ticket',
  description: 'The worker gets the result and the satisfaction question; a satisfaction callback is set for the assignee.',
  request: { params: NumberParam, body: jsonBody(CloseRequest) },
  responses: { 200: done('Closed'), ...errors },
})
const outcomeRoute = createRoute({
  ...action, method: 'post', path: '/api/callbacks/{id}/outcome', summary: 'Record how a callback or visit went',
  description: 'reached, not_reached (tried again later) or needs_help (a new linked ticket).',
  request: { params: IdParam, body: jsonBody(OutcomeRequest) },
  responses: { 200: done('Recorded'), ...errors },
})
const hardshipRoute = createRoute({
  ...action, method: 'post', path: '/api/hardship-records', summary: 'Enter a worker into the hardship archive',
  description: 'From the ticket that brought the case. Quarterly callbacks follow them; severe and special cases go to a leader.',
  request: { body: jsonBody(HardshipRequest) },
  responses: { 201: done('Entered'), ...errors },
})
const exitRoute = createRoute({
  ...action, method: 'post', path: '/api/hardship-records/{id}/exit', summary: 'Take a worker out of the hardship archive',
  description: 'Calls and visits still owed to the record are cancelled.',
  request: { params: IdParam, body: jsonBody(ExitRequest) },
  responses: { 200: done('Exited'), ...errors },
})
const ratesRoute = createRoute({
  ...action, method: 'get', path: '/api/stats/rates', summary: 'Response, resolution and satisfaction rates per unit for a month',
  request: { query: RatesQuery },
  responses: { 200: done('The three rates'), ...errors },
})

const CallbacksQuery = z.object({
  status: z.enum(CallbackStatus.options).default('pending').openapi({ param: { name: 'status', in: 'query' } }),
  kind: z.enum(CallbackKind.options).optional().openapi({ param: { name: 'kind', in: 'query' } }),
  unit: inputString().min(1).max(40).optional().openapi({ param: { name: 'unit', in: 'query' }, description: 'An org unit code: that unit and the units below it' }),
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ param: { name: 'limit', in: 'query' } }),
})
const callbacksRoute = createRoute({
  ...action, method: 'get', path: '/api/callbacks', summary: 'Calls and visits to make, soonest first',
  request: { query: CallbacksQuery },
  responses: { 200: done('Callback tasks'), ...errors },
})
const InboxQuery = z.object({
  unread: z.enum(['true', 'false']).default('false').openapi({ param: { name: 'unread', in: 'query' } }),
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ param: { name: 'limit', in: 'query' } }),
})
const inboxRoute = createRoute({
  ...action, method: 'get', path: '/api/cadres/{id}/notices', summary: 'What a cadre was told: reminders, escalations, callbacks due',
  request: { params: IdParam, query: InboxQuery },
  responses: { 200: done('The cadre’s notices, newest first'), ...errors },
})

/** Domain refusals (DeskError) become 4xx answers with their reasons in the app's error handler. */
export function adminApiRoutes(desk: Desk) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(replyRoute, async (c) => {
    const { number } = c.req.valid('param')
    const body = c.req.valid('json')
    const result = await replyToTicket(desk, { number, text: body.text, cadreId: body.cadreId, actor: 'admin' })
    c.get('logger').info({ ticket: number, firstResponse: result.firstResponse }, 'cadre reply recorded')
    return c.json(result, 201)
  })

  app.openapi(linkRoute, async (c) => {
    return c.json(await linkRequester(desk, { number: c.req.valid('param').number, ...c.req.valid('json'), actor: 'admin' }), 200)
  })
  app.openapi(reassignRoute, async (c) => {
    return c.json(await reassignTicket(desk, { number: c.req.valid('param').number, ...c.req.valid('json'), actor: 'admin' }), 200)
  })
  app.openapi(reclassifyRoute, async (c) => {
    return c.json(await correctClassification(desk, { number: c.req.valid('param').number, ...c.req.valid('json'), actor: 'admin' }), 200)
  })
  app.openapi(questionRoute, async (c) => {
    return c.json(await askWorker(desk, { number: c.req.valid('param').number, ...c.req.valid('json'), actor: 'admin' }), 201)
  })
  app.openapi(closeRoute, async (c) => {
    return c.json(await closeTicket(desk, { number: c.req.valid('param').number, ...c.req.valid('json'), actor: 'admin' }), 200)
  })
  app.openapi(outcomeRoute, async (c) => {
    return c.json(await recordCallbackOutcome(desk, { taskId: c.req.valid('param').id, ...c.req.valid('json'), actor: 'admin' }), 200)
  })
  app.openapi(hardshipRoute, async (c) => {
    return c.json(await addHardshipRecord(desk, { ...c.req.valid('json'), actor: 'admin' }), 201)
  })
  app.openapi(exitRoute, async (c) => {
    return c.json(await exitHardshipRecord(desk, { id: c.req.valid('param').id, ...c.req.valid('json'), actor: 'admin' }), 200)
  })
  app.openapi(callbacksRoute, async (c) => {
    const q = c.req.valid('query')
    return c.json(await listCallbacks(desk, { status: q.status, kind: q.kind, unitCode: q.unit, limit: q.limit }), 200)
  })
  app.openapi(inboxRoute, async (c) => {
    const { id } = c.req.valid('param')
    const q = c.req.valid('query')
    if (!(await desk.db.cadre.findUnique({ where: { id }, select: { id: true } }))) return c.json(errorBody('cadre_not_found', `No cadre ${id}.`), 404)
    return c.json(await cadreInbox(desk.db, { cadreId: id, unreadOnly: q.unread === 'true', limit: q.limit }), 200)
  })
  app.openapi(ratesRoute, async (c) => {
    const { month, unit } = c.req.valid('query')
    const rates = await threeRates(desk.db, { month, unitCode: unit, now: desk.now() })
    if (!rates) return c.json(errorBody('unit_not_found', `No org unit with code ${unit}.`), 404)
    return c.json(rates, 200)
  })
  return app
}
