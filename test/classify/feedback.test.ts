// Cadres' corrections become training examples: ClassificationFeedback joined with the
// ticket's first inbound message, on a real (migrated) database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrisma, type PrismaClient } from '../../src/db/client.ts'
import { readFeedbackExamples } from '../../src/classify/training/feedback.ts'
import { freshDatabase, type TestDatabase } from '../support/database.ts'

let database: TestDatabase
let url: string
let db: PrismaClient

beforeAll(async () => {
  database = await freshDatabase()
  url = database.url
  db = createPrisma(url)
  const unit = await db.orgUnit.create({ data: { code: 'sz', name: '深圳市总工会', level: 'city', path: '/sz/' } })
  const worker = await db.worker.create({ data: {} })
  const ticket = (n: string, category: string) => db.ticket.create({ data: { number: n, workerId: worker.id, channel: 'web', category, confidence: 0.5, classifiedBy: 'linear@1', unitId: unit.id } })
  const t1 = await ticket('NJ-1', 'other')
  const t2 = await ticket('NJ-2', 'wage_arrears')
  const message = (ticketId: string, externalId: string, direction: string, text: string, at: number) =>
    db.message.create({ data: { channel: 'web', externalId, direction, text, workerId: worker.id, ticketId, createdAt: new Date(at) } })
  await message(t1.id, 'm1', 'in', '工资条上扣了好几百 说是管理费', 1000)
  await message(t1.id, 'm2', 'out', '您好，已收到', 2000)
  await message(t1.id, 'm3', 'in', '还有别的事', 3000)
  await message(t2.id, 'm4', 'in', '老板说签合同要扣钱', 1000)
  const fb = (ticketId: string, from: string, to: string, toUrgent: boolean, at: number) =>
    db.classificationFeedback.create({ data: { ticketId, fromCategory: from, toCategory: to, fromUrgent: false, toUrgent, actor: 'cadre:1', createdAt: new Date(at) } })
  await fb(t1.id, 'other', 'legal_aid', false, 1000)
  await fb(t1.id, 'legal_aid', 'wage_arrears', false, 2000) // the later correction wins
  await fb(t2.id, 'wage_arrears', 'not-a-category', true, 1000) // ignored
})

afterAll(async () => {
  await db.$disconnect()
  await database.drop()
})

describe('readFeedbackExamples', () => {
  it('uses the latest correction per ticket and the first inbound message', async () => {
    const examples = await readFeedbackExamples(url)
    expect(examples).toHaveLength(1)
    expect(examples[0]).toMatchObject({ text: '工资条上扣了好几百 说是管理费', label: 'wage_arrears', urgent: false, weight: 2 })
  })

  it('asks for DATABASE_URL when it is missing', async () => {
    await expect(readFeedbackExamples(undefined)).rejects.toThrow(/DATABASE_URL/)
  })
})
