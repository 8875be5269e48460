import { Category } from '../types.ts'
import type { Example } from './train-linear.ts'

/**
 * Cadres' corrections as training examples: each ClassificationFeedback row gives the
 * corrected category and urgency; the text is the ticket's first inbound message.
 * Weighted 2: a human looked at these. Only the latest correction per ticket counts.
 */
export async function readFeedbackExamples(databaseUrl: string | undefined): Promise<Example[]> {
  if (!databaseUrl) throw new Error('--feedback needs DATABASE_URL (e.g. file:/abs/path/niangjia.db)')
  const { createPrisma } = await import('../../db/client.ts')
  const db = createPrisma(databaseUrl)
  try {
    const rows = await db.classificationFeedback.findMany({ orderBy: { createdAt: 'asc' } })
    const latest = new Map(rows.map((r) => [r.ticketId, r]))
    const examples: Example[] = []
    for (const [ticketId, fb] of latest) {
      const label = Category.safeParse(fb.toCategory)
      if (!label.success) continue
      const first = await db.message.findFirst({ where: { ticketId, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { text: true } })
      if (!first?.text.trim()) continue
      examples.push({ text: first.text, label: label.data, urgent: fb.toUrgent, group: `feedback:${ticketId}`, weight: 2 })
    }
    return examples
  } finally {
    await db.$disconnect()
  }
}
