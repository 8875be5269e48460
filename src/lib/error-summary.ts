/** An error as one short line for a log or a stored row: name and message, never a stack or a payload. */
export function errorSummary(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err).slice(0, 500)
}
