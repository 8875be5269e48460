import type { Logger } from 'pino'
import type { RequestIdVariables } from 'hono/request-id'

/** What every request carries through the app. */
export type AppEnv = { Variables: RequestIdVariables & { logger: Logger } }
