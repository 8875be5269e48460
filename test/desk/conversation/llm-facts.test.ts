import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTicketFacts } from '../../../src/desk/conversation/index.ts'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.ts'
import { deskForThisFile } from '../../support/desk.ts'

/**
 * With an LLM configured, the facts the rules miss are read by it, with a zod schema, before
 * any transaction; the real LangChain client talks to a local server speaking the OpenAI
 * protocol. The classifier's threshold is 0 here so that only fact extraction asks the LLM.
 */
let fake: FakeOpenAI
beforeAll(async () => {
  fake = await startFakeOpenAI()
})
afterAll(() => fake.close())
const t = deskForThisFile({
  env: {
    LLM_PROVIDER: 'openai', LLM_MODEL: 'fake-chat', LLM_API_KEY: 'sk-test', CLASSIFY_LLM_THRESHOLD: '0',
    // The production grace (10 s): with the tests' 500 ms, a slow machine let the relay hand the
    // message to the intake queue while it was still being processed, and that copy asked the LLM too.
    OUTBOX_RELAY_GRACE_MS: '10000',
    get LLM_BASE_URL() {
      return fake.baseURL
    },
  },
})

const say = (who: string, id: string, text: string) => acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: who, externalMessageId: id, text, receivedAt: new Date() })

describe('facts the rules miss', () => {
  it('are read by the LLM from the opening message, and the desk does not ask for them', async () => {
    fake.script({ kind: 'tool', args: { employer: '万达那边的工地', workplace: null, amountOwed: null, monthsOwed: 3 } })
    const opened = await say('oLlmFacts00000000000000001', 'llm-1', '老板拖了三个月工钱 我们在万达那边的工地干')
    expect(opened.outcome).toBe('opened')
    expect(fake.requests).toHaveLength(1)
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: opened.ticketNumber! } })
    expect(readTicketFacts(t.desk.crypto, ticket)).toMatchObject({ employer: '万达那边的工地', monthsOwed: 3 })
    // The employer is known, so the first question is the next one.
    expect(opened.reply).not.toMatch(/哪家单位/)
  })

  it('changes nothing when the LLM fails: the rules stand and the desk asks', async () => {
    fake.requests.length = 0
    fake.script({ kind: 'status', status: 500, message: 'upstream down' })
    const opened = await say('oLlmFacts00000000000000002', 'llm-2', '老板拖了三个月工钱不给')
    expect(opened.outcome).toBe('opened')
    expect(fake.requests.length).toBeGreaterThanOrEqual(1)
    expect(opened.reply).toMatch(/哪家单位/)
  })
})
