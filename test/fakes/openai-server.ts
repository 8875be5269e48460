// A local stand-in for an OpenAI-compatible chat endpoint (DeepSeek, Qwen, GLM, vLLM…),
// speaking the real /v1/chat/completions protocol over node:http, with scripted answers.
// Tests point ChatOpenAI at it with configuration.baseURL; nothing leaves 127.0.0.1.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Gate } from './gate.ts'
import { readBody } from './read-body.ts'

/** What the server does with the next request. */
export type Script =
  /**
   * Answer with a tool call carrying these arguments (what withStructuredOutput asks for).
   * delayMs holds the answer back that long; `before` holds it until the test opens the gate.
   */
  | { kind: 'tool'; args: unknown; delayMs?: number; before?: Gate }
  /** Answer with tool-call arguments given verbatim (e.g. broken JSON). */
  | { kind: 'rawArgs'; args: string }
  /** Answer with plain assistant content and no tool call. */
  | { kind: 'content'; content: string }
  /** Fail with an HTTP status and an OpenAI-style error body. */
  | { kind: 'status'; status: number; message?: string }

export type ChatRequest = {
  model: string
  messages: { role: string; content: string }[]
  tools?: { type: 'function'; function: { name: string; parameters: unknown } }[]
  tool_choice?: unknown
  stream?: boolean
}

export type FakeOpenAI = {
  baseURL: string
  requests: ChatRequest[]
  /** Scripts are used in order; when they run out the last one repeats. */
  script(...scripts: Script[]): void
  close(): Promise<void>
}


let seq = 0
function completion(model: string, message: Record<string, unknown>, finish: string) {
  return {
    id: `chatcmpl-fake-${++seq}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, logprobs: null, finish_reason: finish }],
    usage: { prompt_tokens: 321, completion_tokens: 27, total_tokens: 348 },
  }
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let scripts: Script[] = [{ kind: 'status', status: 500, message: 'no script' }]
  const requests: ChatRequest[] = []
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return send(404, { error: { message: 'not found', type: 'invalid_request_error' } })
    const body = JSON.parse(await readBody(req)) as ChatRequest
    requests.push(body)
    const s = scripts.length > 1 ? scripts.shift()! : scripts[0]!
    const toolName = body.tools?.[0]?.function.name ?? 'record_classification'
    const toolCall = (args: string) => completion(body.model, { tool_calls: [{ id: `call_${seq}`, type: 'function', function: { name: toolName, arguments: args } }] }, 'tool_calls')
    switch (s.kind) {
      case 'tool':
        if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs))
        if (s.before) await s.before.pass()
        return send(200, toolCall(JSON.stringify(s.args)))
      case 'rawArgs':
        return send(200, toolCall(s.args))
      case 'content':
        return send(200, completion(body.model, { content: s.content }, 'stop'))
      case 'status':
        return send(s.status, { error: { message: s.message ?? 'scripted failure', type: 'server_error', code: null } })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...next) => { scripts = next },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
