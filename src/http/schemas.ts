import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { ZodError } from 'zod'
import { ticketNumberPattern } from '../desk/tickets/index.ts'
import { cleanText } from '../lib/clean-text.ts'
import { validationError } from './errors.ts'

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string().openapi({ example: 'The request is not valid: text: text must not be empty' }),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error')

/** Every string the API takes in: controls dropped and lone surrogates replaced (cleanText) before any other check. */
export const inputString = (params?: Parameters<typeof z.string>[0]) => z.string(params).overwrite(cleanText)

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  content: { 'application/json': { schema } },
  required: true,
})

/** Every route answers validation failures the same way: 400 with each problem spelled out. */
export function validationHook(result: { success: true } | { success: false; error: ZodError }, c: Context) {
  if (!result.success) return validationError(c, result.error)
}

/** A ticket number in a path: `/api/tickets/{number}/…`. */
export const NumberParam = z.object({
  number: z
    .string()
    .regex(ticketNumberPattern, 'a ticket number looks like NJ-261125-0007')
    .openapi({ param: { name: 'number', in: 'path' }, example: 'NJ-261125-0007' }),
})
