// LLM fact extraction against a local OpenAI-compatible server: the real ChatOpenAI client,
// scripted answers (good, malformed, slow, failing). Nothing leaves 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createChatModel } from '../../../src/classify/llm/chat-model.ts'
import { extractFacts, Facts } from '../../../src/desk/conversation/facts/index.ts'
import { factSchema, llmFactExtractor, mergeFacts, type FactLogger } from '../../../src/desk/conversation/facts-llm.ts'
import { gate } from '../../fakes/gate.ts'
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.ts'

let fake: FakeOpenAI
let logs: Record<string, unknown>[]
const logger: FactLogger = { info: (obj) => { logs.push(obj) } }

// A budget no answer from the local server misses on a loaded machine; the slow cases name their own.
function extractor(timeoutMs = 10_000) {
  const chat = createChatModel({
    LLM_PROVIDER: 'openai', LLM_BASE_URL: fake.baseURL, LLM_MODEL: 'fake-chat', LLM_API_KEY: 'sk-test',
    LLM_TIMEOUT_MS: timeoutMs, CLASSIFY_LLM_THRESHOLD: 1,
  })!
  return llmFactExtractor(chat, { timeoutMs, logger })
}

beforeAll(async () => { fake = await startFakeOpenAI() })
afterAll(async () => { await fake.close() })
beforeEach(() => { logs = []; fake.requests.length = 0 })

const message = '我在舟山那个海丰船舶干了大半年 老板欠我们好几个月的钱 差不多两万四吧'

describe('llmFactExtractor', () => {
  it('returns the facts of a good answer, asked with the category’s schema', async () => {
    fake.script({ kind: 'tool', args: { employer: '海丰船舶', workplace: '舟山', amountOwed: 24000, monthsOwed: null } })
    const facts = await extractor()('wage_arrears', message)
    expect(facts).toEqual({ employer: '海丰船舶', workplace: '舟山', amountOwed: 24000 })
    expect(Facts.parse(facts)).toEqual(facts)
    const req = fake.requests[0]!
    const tool = req.tools?.[0]?.function
    expect(tool?.name).toBe('record_facts')
    // The wage-arrears keys and none of another category's.
    const properties = Object.keys((tool?.parameters as { properties: Record<string, unknown> }).properties)
    expect(properties.sort()).toEqual(['amountOwed', 'contract', 'employer', 'monthsOwed', 'workersAffected', 'workplace'])
    expect(req.messages[0]!.role).toBe('system')
    expect(req.messages.at(-1)!.content).toContain(`<worker_message>\n${message}\n</worker_message>`)
  })

  it('tells the model which question the message answers', async () => {
    fake.script({ kind: 'tool', args: { workersAffected: 5 } })
    expect(await extractor()('wage_arrears', '五六个吧', 'workersAffected')).toEqual({ workersAffected: 5 })
    expect(fake.requests[0]!.messages.at(-1)!.content).toContain('被欠工资的一共有几个人')
  })

  it.each([
    ['a value of the wrong type', { kind: 'tool', args: { employer: '海丰船舶', amountOwed: '很多' } }],
    ['a label outside the enum', { kind: 'tool', args: { issue: 'harassment' } }],
    ['a negative amount', { kind: 'tool', args: { amountOwed: -5 } }],
    ['broken JSON', { kind: 'rawArgs', args: '{"employer": "海丰' }],
    ['prose instead of a tool call', { kind: 'content', content: '单位是海丰船舶，欠了两万四' }],
    ['HTTP 500', { kind: 'status', status: 500 }],
    ['HTTP 429', { kind: 'status', status: 429 }],
  ] as const)('gives {} on %s', async (_name, script) => {
    fake.script(script)
    const category = script.kind === 'tool' && 'issue' in script.args ? 'legal_aid' : 'wage_arrears'
    expect(await extractor()(category, message)).toEqual({})
    expect(fake.requests).toHaveLength(1)
    expect(logs.at(-1)).toMatchObject({ event: 'facts.llm', outcome: expect.stringMatching(/malformed|error/) })
  })

  it('gives {} when the model is slower than its budget, without waiting for it', async () => {
    const held = gate()
    fake.script({ kind: 'tool', args: { employer: '海丰船舶' }, before: held })
    // The gate stays shut: the answer comes only because the budget ran out.
    expect(await extractor(300)('wage_arrears', message)).toEqual({})
    expect(logs.at(-1)).toMatchObject({ outcome: 'timeout' })
    held.open()
  })

  it('honours the caller’s AbortSignal', async () => {
    const held = gate()
    fake.script({ kind: 'tool', args: { employer: '海丰船舶' }, before: held })
    const ac = new AbortController()
    const call = extractor(60_000)('wage_arrears', message, undefined, ac.signal)
    await held.reached
    ac.abort()
    expect(await call).toEqual({})
    expect(logs.at(-1)).toMatchObject({ outcome: 'aborted' })
    held.open()
  })

  it('gives {} when nothing listens', async () => {
    const chat = createChatModel({ LLM_PROVIDER: 'openai', LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'm', LLM_TIMEOUT_MS: 400, CLASSIFY_LLM_THRESHOLD: 1 })!
    expect(await llmFactExtractor(chat, { timeoutMs: 400 })('wage_arrears', message)).toEqual({})
  })

  it('drops an employer or place the worker never wrote', async () => {
    fake.script({ kind: 'tool', args: { employer: '舟山海丰船舶修造有限公司', workplace: '定海区', amountOwed: 24000 } })
    expect(await extractor()('wage_arrears', message)).toEqual({ amountOwed: 24000 })
  })

  it('finds the worker’s words in Traditional text too', async () => {
    fake.script({ kind: 'tool', args: { employer: '海丰船舶', workplace: '舟山' } })
    expect(await extractor()('wage_arrears', '我在舟山那個海豐船舶幹活 老闆欠錢')).toEqual({ employer: '海丰船舶', workplace: '舟山' })
  })

  it('keeps "unknown" only for the key just asked', async () => {
    fake.script({ kind: 'tool', args: { amountOwed: 'unknown', contract: 'unknown', monthsOwed: 3 } })
    expect(await extractor()('wage_arrears', '钱不清楚 三个月', 'amountOwed')).toEqual({ amountOwed: 'unknown', monthsOwed: 3 })
  })

  it('does not call the model for a category without facts, nor for empty text', async () => {
    fake.script({ kind: 'tool', args: {} })
    const extract = extractor()
    expect(await extract('other', '我想提个建议')).toEqual({})
    expect(await extract('hardship', '   ')).toEqual({})
    expect(fake.requests).toHaveLength(0)
  })

  it('logs the outcome and latency, never the text', async () => {
    fake.script({ kind: 'tool', args: { employer: '海丰船舶' } })
    await extractor()('wage_arrears', message)
    expect(logs).toEqual([expect.objectContaining({ event: 'facts.llm', category: 'wage_arrears', outcome: 'ok', keys: 1, latencyMs: expect.any(Number) })])
    expect(JSON.stringify(logs)).not.toMatch(/海丰|两万四/)
  })
})

describe('the schema the model gets', () => {
  it('has the category’s keys, each a value, "unknown" or null', () => {
    const schema = factSchema('hardship')
    expect(Object.keys(schema.shape).sort()).toEqual(['hardshipCause', 'householdIncome', 'householdSize'])
    expect(schema.safeParse({ householdSize: 4, householdIncome: null, hardshipCause: 'unknown' }).success).toBe(true)
    expect(schema.safeParse({ householdSize: 4.5 }).success).toBe(false)
    expect(schema.safeParse({ hardshipCause: 'bad_luck' }).success).toBe(false)
  })
})

describe('mergeFacts', () => {
  it('adds what the rules missed; the rules win where both have a key', () => {
    const rules = extractFacts('wage_arrears', '在宏达建筑干活 欠了三个月')
    expect(rules).toEqual({ employer: '宏达建筑', monthsOwed: 3 })
    expect(mergeFacts(rules, { employer: '宏达', workplace: '定海', monthsOwed: 4, amountOwed: 9000 })).toEqual({ employer: '宏达建筑', workplace: '定海', monthsOwed: 3, amountOwed: 9000 })
  })

  it('keeps a rule’s "unknown" over a value the model offers', () => {
    expect(mergeFacts({ amountOwed: 'unknown' }, { amountOwed: 20000 })).toEqual({ amountOwed: 'unknown' })
    expect(mergeFacts({}, {})).toEqual({})
  })
})
