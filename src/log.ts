import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * Paths that may hold what a worker wrote or who they are. Logs never carry them:
 * a log line is read by more people than a ticket is.
 */
export const redactedPaths = [
  'text', '*.text', 'content', '*.content', 'phone', '*.phone', 'name', '*.name',
  'body', '*.body', 'profile', '*.profile', 'openid', '*.openid',
  'authorization', '*.authorization', 'req.headers.authorization', 'token', '*.token',
]

export function createLogger(opts: { level: string; pretty?: boolean }): Logger {
  return pino({
    level: opts.level,
    base: { service: 'niangjia' },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' } } } : {}),
  })
}
