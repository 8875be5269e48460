import type { Db } from '../../db/client.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { openStatuses } from '../vocabulary.ts'
import { ticketNumberPattern } from './number.ts'

/** The inbox's views; every one is within the person's subtree (`scope`). */
export const worklistViews = ['mine', 'unit', 'urgent', 'overdue', 'waiting', 'unassigned', 'closed'] as const
export type WorklistView = (typeof worklistViews)[number]

export const worklistLabels: Record<WorklistView, string> = {
  mine: '我的', unit: '本单位及下级', urgent: '紧急', overdue: '超时或快超时', waiting: '等职工回复', unassigned: '未分派', closed: '已办结',
}

const SOON_MS = 2 * 3600_000

function viewFilter(view: WorklistView, cadreId: string | null, now: Date): Prisma.TicketWhereInput {
  const open = { status: { in: openStatuses } }
  switch (view) {
    case 'mine':
      return { ...open, assigneeId: cadreId ?? '-' }
    case 'unit':
      return open
    case 'urgent':
      return { ...open, urgent: true }
    case 'overdue': {
      const soon = new Date(now.getTime() + SOON_MS)
      return { ...open, OR: [{ firstRespondedAt: null, firstResponseDueAt: { lte: soon } }, { resolutionDueAt: { lte: soon } }], slaPausedAt: null }
    }
    case 'waiting':
      return { status: 'waiting_worker' }
    case 'unassigned':
      return { ...open, assigneeId: null }
    case 'closed':
      return { status: 'closed' }
  }
}

export type WorklistQuery = { view: WorklistView; scope: Prisma.TicketWhereInput; cadreId: string | null; now: Date; search?: { number?: string; phoneHash?: string; nameHash?: string; category?: string; openedFrom?: Date; openedBefore?: Date }; take?: number }

/** One view of the inbox: the tickets (oldest deadline first) and how many each view holds. */
export async function worklist(db: Db, q: WorklistQuery) {
  const searchFilter: Prisma.TicketWhereInput = {
    ...(q.search?.number ? { number: ticketNumberPattern.test(q.search.number) ? q.search.number : { startsWith: q.search.number } } : {}),
    ...(q.search?.phoneHash ? { worker: { phoneHash: q.search.phoneHash } } : {}),
    ...(q.search?.nameHash ? { worker: { nameHash: q.search.nameHash } } : {}),
    ...(q.search?.category ? { category: q.search.category } : {}),
    ...(q.search?.openedFrom || q.search?.openedBefore ? { createdAt: { ...(q.search.openedFrom ? { gte: q.search.openedFrom } : {}), ...(q.search.openedBefore ? { lt: q.search.openedBefore } : {}) } } : {}),
  }
  const where: Prisma.TicketWhereInput = { AND: [q.scope, viewFilter(q.view, q.cadreId, q.now), searchFilter] }
  const [tickets, ...counts] = await Promise.all([
    db.ticket.findMany({
      where,
      include: { unit: { select: { name: true } }, assignee: { select: { name: true } } },
      orderBy: q.view === 'closed' ? [{ closedAt: 'desc' }] : [{ urgent: 'desc' }, { firstResponseDueAt: 'asc' }, { createdAt: 'asc' }],
      take: q.take ?? 50,
    }),
    ...worklistViews.map((v) => db.ticket.count({ where: { AND: [q.scope, viewFilter(v, q.cadreId, q.now)] } })),
  ])
  return { tickets, counts: Object.fromEntries(worklistViews.map((v, i) => [v, counts[i]!])) as Record<WorklistView, number> }
}

/** A ticket within the subtree, or null (a number from another subtree is simply not found). */
export function scopedTicket(db: Db, scope: Prisma.TicketWhereInput, number: string) {
  return db.ticket.findFirst({
    where: { AND: [scope, { number }] },
    include: {
      unit: true, assignee: true, worker: true,
      messages: { orderBy: { createdAt: 'asc' } },
      deliveries: { select: { id: true, messageId: true, status: true, via: true, sentAt: true, purpose: true } },
      events: { orderBy: { createdAt: 'asc' } },
    },
  })
}
