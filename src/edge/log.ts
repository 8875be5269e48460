/**
 * The edge's log: one JSON line per event on the console, which Workers Logs and
 * `wrangler tail` collect. The same rule as the core's: never message text, names, phones or
 * OpenIDs; a user is named by nothing here (the core's logs name them by its keyed index).
 */
type Level = 'info' | 'warn' | 'error'
type Fields = Record<string, string | number | boolean | undefined>

export type EdgeLog = (level: Level, msg: string, fields?: Fields) => void

export const edgeLog: EdgeLog = (level, msg, fields = {}) => {
  const line = JSON.stringify({ level, msg, ...fields, at: new Date().toISOString() })
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}
