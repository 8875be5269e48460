// A local stand-in for Ollama, speaking its real /api/chat protocol over node:http with
// scripted answers. ChatOllama (via the ollama-js client) always sends stream: true and
// reads NDJSON lines until one says done: true; structured output in jsonSchema mode sends
// the JSON schema as `format` and parses the message content. Nothing leaves 127.0.0.1.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Gate } from './gate.ts'
import { readBody } from './read-body.ts'

/**
 * What the server does with the next /api/chat request. delayMs holds back the response
 * headers (a model still loading or queued); tokenDelayMs spaces the streamed lines (a slow
 * generation, with the response already under way). For tests that must not race a timer,
 * gates do the same for as long as the test wants: `before` holds back the headers, `midway`
 * sends the first line and holds back the rest.
 */
type Pace = { delayMs?: number; tokenDelayMs?: number; before?: Gate; midway?: Gate }
export type Script =
  /** Answer with this value, serialised as JSON, as the assistant's content (what `format` asks for). */
  | ({ kind: 'json'; answer: unknown } & Pace)
  /** Answer with this content verbatim (e.g. broken JSON, prose). */
  | ({ kind: 'content'; content: string } & Pace)
  /** Fail with an HTTP status and Ollama's error body, {"error": "..."}. */
  | { kind: 'status'; status: number; message?: string }
  /** Start streaming (200, first tokens), then send an {"error": "..."} line, as Ollama does for late failures. */
  | { kind: 'streamError'; message?: string }

export type OllamaChatRequest = {
  model: string
  messages: { role: string; content: string; images?: string[] }[]
  /** "json", or a JSON schema for structured output. */
  format?: 'json' | Record<string, unknown>
  stream?: boolean
  keep_alive?: string | number
  think?: boolean
  tools?: unknown[]
  options?: Record<string, unknown>
}

export type FakeOllama = {
  /** What LLM_BASE_URL should be: the host, without /api. */
  baseURL: string
  /** The requests since the last reset, in order. */
  readonly requests: OllamaChatRequest[]
  /** Per request since the last reset, in order: whether the client hung up before the answer was complete. */
  readonly disconnects: boolean[]
  /**
   * Starts a fresh record. A request still open from before (an answer held past its test)
   * keeps writing to the record it arrived in, so it cannot pass for the next test's.
   */
  reset(): void
  /** Scripts are used in order; when they run out the last one repeats. */
  script(...scripts: Script[]): void
  close(): Promise<void>
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Splits content into a few pieces, the way tokens arrive (code points kept whole). */
function tokens(content: string): string[] {
  const chars = [...content]
  const size = Math.max(1, Math.ceil(chars.length / 4))
  const out: string[] = []
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''))
  return out.length ? out : ['']
}

/** Ollama's final-chunk statistics (durations in nanoseconds). */
const stats = { total_duration: 812_345_678, load_duration: 12_345_678, prompt_eval_count: 287, prompt_eval_duration: 301_000_000, eval_count: 31, eval_duration: 499_000_000 }

export async function startFakeOllama(): Promise<FakeOllama> {
  let scripts: Script[] = [{ kind: 'status', status: 500, message: 'no script' }]
  let record = { requests: [] as OllamaChatRequest[], disconnects: [] as boolean[] }

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(body))
  }

  const answer = async (res: ServerResponse, body: OllamaChatRequest, content: string, { tokenDelayMs = 1, midway }: Pace) => {
    const created_at = () => new Date().toISOString()
    const final = { model: body.model, created_at: created_at(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...stats }
    if (body.stream === false) return sendJson(res, 200, { ...final, message: { role: 'assistant', content } })
    res.writeHead(200, { 'content-type': 'application/x-ndjson' })
    for (const [i, piece] of tokens(content).entries()) {
      if (res.destroyed) return
      res.write(JSON.stringify({ model: body.model, created_at: created_at(), message: { role: 'assistant', content: piece }, done: false }) + '\n')
      if (i === 0 && midway) await midway.pass()
      await sleep(tokenDelayMs)
    }
    if (!res.destroyed) res.end(JSON.stringify(final) + '\n')
  }

  const server: Server = createServer(async (req, res) => {
    const path = req.url?.split('?')[0]
    if (req.method === 'GET' && (path === '/' || path === '')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      return res.end('Ollama is running')
    }
    if (req.method === 'GET' && path === '/api/version') return sendJson(res, 200, { version: '0.12.6' })
    if (req.method === 'GET' && path === '/api/tags') {
      const names = [...new Set(record.requests.map((r) => r.model))]
      return sendJson(res, 200, { models: names.map((name) => ({ name, model: name, modified_at: new Date().toISOString(), size: 4_683_087_332, digest: 'sha256:fake', details: {} })) })
    }
    if (req.method !== 'POST' || path !== '/api/chat') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      return res.end('404 page not found')
    }
    let body: OllamaChatRequest
    try {
      body = JSON.parse(await readBody(req)) as OllamaChatRequest
    } catch {
      return sendJson(res, 400, { error: 'invalid character in request body' })
    }
    const { disconnects } = record
    const index = record.requests.push(body) - 1
    disconnects[index] = false
    res.on('close', () => { if (!res.writableFinished) disconnects[index] = true })
    if (!body.model) return sendJson(res, 400, { error: 'model is required' })

    const s = scripts.length > 1 ? scripts.shift()! : scripts[0]!
    switch (s.kind) {
      case 'json':
      case 'content':
        if (s.delayMs) await sleep(s.delayMs)
        if (s.before) await s.before.pass()
        if (res.destroyed) return // the client gave up while the answer was held back
        return answer(res, body, s.kind === 'json' ? JSON.stringify(s.answer) : s.content, s)
      case 'status':
        return sendJson(res, s.status, { error: s.message ?? 'scripted failure' })
      case 'streamError':
        res.writeHead(200, { 'content-type': 'application/x-ndjson' })
        res.write(JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '{"cat' }, done: false }) + '\n')
        await sleep(1)
        return res.end(JSON.stringify({ error: s.message ?? 'an error was encountered while running the model' }) + '\n')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}`,
    get requests() { return record.requests },
    get disconnects() { return record.disconnects },
    reset: () => { record = { requests: [], disconnects: [] } },
    script: (...next) => { scripts = next },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
