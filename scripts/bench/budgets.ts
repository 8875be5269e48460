/**
 * Time budgets, measured where the tests only check the behaviour: how soon after its
 * budget the WeChat webhook answers `success` when processing is slow, and how soon after
 * LLM_TIMEOUT_MS (or the caller's abort) the classifier falls back to the embedded model.
 * The ceilings are the budgets themselves; for the webhook also its answer when processing
 * is quick, the same requests' floor.
 *
 * In process: the webhook through app.request (no socket), the LLM clients over loopback
 * HTTP against a server that takes each request and never answers.
 *
 * Alone: `npx tsx scripts/bench/budgets.ts` prints the markdown.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import pino from 'pino'
import type { IntakeResult } from '../../src/channels/types.ts'
import { OfficialAccountConfig } from '../../src/channels/wechat-oa/config.ts'
import { sha1Signature } from '../../src/channels/wechat-oa/signature.ts'
import { officialAccountWebhook } from '../../src/channels/wechat-oa/webhook.ts'
import { createClassifier } from '../../src/classify/index.ts'

type Section = { title: string; markdown: string; figures: Record<string, number> }

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const ms = (x: number) => `${x.toFixed(1)} ms`
const silent = pino({ level: 'silent' })
const TOKEN = 'benchbudget2026'

/** Answer times of `count` plain-mode text messages, one after another, each a new MsgId; sorted. */
async function webhookAnswers(count: number, budgetMs: number, processing: () => Promise<IntakeResult>): Promise<number[]> {
  const app = officialAccountWebhook({
    config: OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: TOKEN }), logger: silent, replyBudgetMs: budgetMs,
    receiveMessage: async () => ({ process: processing }), handleEvent: async () => ({}), deferReply: () => {},
  })
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = String(100_000 + i)
    const query = new URLSearchParams({ signature: sha1Signature(TOKEN, timestamp, nonce), timestamp, nonce, openid: 'oBench' })
    const xml = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[oBench]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[老板欠薪]]></Content><MsgId>${7_100_000_000_000_000_000n + BigInt(i)}</MsgId></xml>`
    const started = performance.now()
    const res = await app.request(`/?${query}`, { method: 'POST', body: xml, headers: { 'content-type': 'text/xml' } })
    await res.text()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}

/** A model server that takes every request and never answers (until it is closed). */
async function unansweringModel() {
  const held: ServerResponse[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    held.push(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }) }
}

/** Time from the call (or from the abort) to the embedded fallback, `count` calls one after another; sorted. */
async function fallbacks(provider: 'openai' | 'ollama', baseUrl: string, count: number, opts: { timeoutMs: number; abortAfterMs?: number }) {
  const classifier = createClassifier({
    LLM_PROVIDER: provider, LLM_BASE_URL: provider === 'openai' ? `${baseUrl}/v1` : baseUrl, LLM_MODEL: 'bench', LLM_API_KEY: 'sk-bench',
    LLM_TIMEOUT_MS: opts.timeoutMs, CLASSIFY_LLM_THRESHOLD: 1,
  }, silent)
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const ac = new AbortController()
    let from = performance.now()
    if (opts.abortAfterMs !== undefined) setTimeout(() => { from = performance.now(); ac.abort() }, opts.abortAfterMs)
    const c = await classifier.classify('老板拖了仨月工钱不给', { signal: ac.signal })
    if (c.source !== 'linear@2') throw new Error(`expected the embedded fallback, got ${c.source}`)
    times.push(performance.now() - from)
  }
  return times.sort((a, b) => a - b)
}

export async function benchBudgets(opts: { count?: number; calls?: number } = {}): Promise<Section> {
  const count = opts.count ?? 200
  const calls = opts.calls ?? 20
  const budgetMs = 50
  const timeoutMs = 300
  const figures: Record<string, number> = {}

  const never = new Promise<IntakeResult>(() => {})
  const quick = async (): Promise<IntakeResult> => ({ duplicate: false, ticketNumber: 'NJ-000000-0001', outcome: 'opened', reply: '已受理' })
  await webhookAnswers(50, budgetMs, quick) // warm-up
  const slow = await webhookAnswers(count, budgetMs, () => never)
  const fast = await webhookAnswers(count, budgetMs, quick)
  Object.assign(figures, { webhook_budget_ms: budgetMs, webhook_slow_p50_ms: quantile(slow, 0.5), webhook_slow_p99_ms: quantile(slow, 0.99), webhook_slow_max_ms: slow.at(-1)!, webhook_fast_p50_ms: quantile(fast, 0.5), webhook_fast_p99_ms: quantile(fast, 0.99) })

  const model = await unansweringModel()
  const rows: string[] = []
  try {
    for (const provider of ['openai', 'ollama'] as const) {
      const timeout = await fallbacks(provider, model.url, calls, { timeoutMs })
      const aborted = await fallbacks(provider, model.url, calls, { timeoutMs: 10_000, abortAfterMs: 50 })
      Object.assign(figures, { [`${provider}_timeout_p50_ms`]: quantile(timeout, 0.5), [`${provider}_timeout_max_ms`]: timeout.at(-1)!, [`${provider}_abort_p50_ms`]: quantile(aborted, 0.5), [`${provider}_abort_max_ms`]: aborted.at(-1)! })
      rows.push(`| ${provider} | ${ms(quantile(timeout, 0.5))} | ${ms(timeout.at(-1)!)} | ${ms(quantile(aborted, 0.5))} | ${ms(aborted.at(-1)!)} |`)
    }
  } finally {
    await model.close()
  }
  figures.llm_timeout_ms = timeoutMs

  const markdown = [
    `The WeChat webhook with a reply budget of ${budgetMs} ms, ${count} plain-mode messages one after another: when processing never finishes it must answer \`success\` soon after the budget; when processing is quick, its answer is the floor.`,
    '',
    '| webhook | p50 | p99 | slowest |',
    '|---|---:|---:|---:|',
    `| processing slower than the budget (ceiling: ${budgetMs} ms + a little) | ${ms(figures.webhook_slow_p50_ms!)} | ${ms(figures.webhook_slow_p99_ms!)} | ${ms(figures.webhook_slow_max_ms!)} |`,
    `| processing quick (floor) | ${ms(figures.webhook_fast_p50_ms!)} | ${ms(figures.webhook_fast_p99_ms!)} | |`,
    '',
    `The classifier against a model that never answers, ${calls} calls per row: with LLM_TIMEOUT_MS=${timeoutMs}, the time from the call to the embedded fallback (ceiling: the budget); with the caller aborting after 50 ms, the time from the abort to the fallback (ceiling: nothing to wait for).`,
    '',
    `| provider | fallback after call, p50 | slowest | fallback after abort, p50 | slowest |`,
    '|---|---:|---:|---:|---:|',
    ...rows,
    '',
    'Aims: the webhook answers a slow message within a few hundred milliseconds of its budget, well inside WeChat\'s 5 seconds; the LLM fallback comes within a second of the call.',
  ].join('\n')
  return { title: 'Time budgets: the WeChat reply and the LLM call', markdown, figures }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await benchBudgets()
  console.log(`## ${section.title}\n\n${section.markdown}`)
}
