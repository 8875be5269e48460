import { concatBytes } from './bytes.ts'

/** Reads the body up to `maxBytes`, stopping (not buffering) as soon as it is exceeded. */
export const readBody = async (req: Request, maxBytes: number): Promise<string | 'too_large' | 'not_utf8'> => {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > maxBytes) return 'too_large'
  if (req.body === null) return ''
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return 'too_large'
    }
    chunks.push(value)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concatBytes(chunks))
  } catch {
    return 'not_utf8'
  }
}
