import type { Classification } from '../classify/types.ts'
import { InboundMessage, type IntakeResult } from '../channels/types.ts'
import type { Tx } from '../db/client.ts'
import type { OutboxJob, Ticket } from '../generated/prisma/client.ts'
import { flushOutbox } from '../queue/outbox.ts'
import { detectScript, inScript, toSimplified } from '../text/script.ts'
import type { Desk } from './deps.ts'
import { resolveUnit, routeTicket, unitFromHint } from './routing.ts'
import { isUniqueViolation, scheduleFirstResponse, slaPolicyFor } from './sla.ts'
import { nextTicketNumber } from './ticket-number.ts'
import { categoryLabels, openStatuses } from './types.ts'
import { findOrCreateWorker } from './workers.ts'

/**
 * Intake: a worker's message, from any channel, becomes a ticket (or continues the one
 * they have open), routed to a cadre, with its timers in the outbox, all in one
 * transaction. Jobs reach Redis only after the commit. A message seen before (same
 * channel and message id) creates nothing and gets the same answer again.
 */
export async function acceptMessage(desk: Desk, input: InboundMessage): Promise<IntakeResult> {
  const msg = InboundMessage.parse(input)
  const earlier = await answerForDuplicate(desk, msg)
  if (earlier) return earlier

  const open = await continuableTicket(desk, msg)
  // Classification may call an LLM: do it before the transaction, never while holding a write lock.
  const classification = open ? null : await desk.classifier.classify(toSimplified(msg.text))

  for (let attempt = 1; ; attempt++) {
    try {
      const { result, staged } = await desk.db.$transaction((tx) => record(tx, desk, msg, open, classification), txOptions)
      await flushOutbox(desk, staged)
      desk.metrics.intake.inc({ channel: msg.channel, outcome: result.outcome })
      return result
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      // Another delivery of the same message won the race: answer as it did.
      const dup = await answerForDuplicate(desk, msg)
      if (dup) return dup
      // A different unique key (the same new worker writing twice at once): the retry finds their identity.
      if (attempt >= 3) throw err
    }
  }
}

type Parsed = ReturnType<typeof InboundMessage.parse>

/** SQLite runs one write transaction at a time: a burst of messages queues rather than failing. */
const txOptions = { maxWait: 10_000, timeout: 10_000 }

async function record(tx: Tx, desk: Desk, msg: Parsed, open: Ticket | null, classification: Classification | null) {
  const now = desk.now()
  const script = detectScript(msg.text)
  const staged: OutboxJob[] = []
  const hinted = await unitFromHint(tx, msg.profile.orgHint)
  const worker = await findOrCreateWorker(tx, desk.crypto, {
    channel: msg.channel,
    externalUserId: msg.externalUserId,
    profile: msg.profile,
    unitId: hinted?.id,
    at: now,
  })
  const saveMessage = (ticketId: string) =>
    tx.message.create({
      data: {
        channel: msg.channel, externalId: msg.externalMessageId, direction: 'in', kind: msg.media[0]?.kind ?? 'text',
        text: msg.text, media: msg.media.length ? JSON.stringify(msg.media) : null, workerId: worker.id, ticketId, createdAt: msg.receivedAt,
      },
    })

  if (open) {
    await saveMessage(open.id)
    await tx.ticketEvent.create({ data: { ticketId: open.id, type: 'worker.message', actor: 'worker' } })
    if (open.status === 'waiting_worker') await tx.ticket.update({ where: { id: open.id }, data: { status: 'open' } })
    else await tx.ticket.update({ where: { id: open.id }, data: { updatedAt: now } })
    const reply = desk.replies.render('ticket-continued', { ticketNumber: open.number, assigned: open.assigneeId !== null })
    return { result: { duplicate: false, ticketNumber: open.number, outcome: 'continued' as const, reply: inScript(reply, script) }, staged }
  }

  const c = classification!
  const unit = await resolveUnit(tx, { hinted, workerUnitId: worker.unitId, defaultUnitCode: desk.config.DEFAULT_UNIT_CODE })
  const route = await routeTicket(tx, { unit, category: c.category, urgent: c.urgent, now })
  const policy = await slaPolicyFor(tx, c.category, c.urgent)
  const ticket = await tx.ticket.create({
    data: {
      number: await nextTicketNumber(tx, now),
      workerId: worker.id, channel: msg.channel,
      category: c.category, urgent: c.urgent, confidence: c.confidence, classifiedBy: c.source, classifyReason: c.reason,
      tier: route.tier, unitId: route.unit.id, assigneeId: route.assignee?.id ?? null,
      firstResponseDueAt: new Date(now.getTime() + policy.firstResponseSeconds * 1000),
      resolutionDueAt: new Date(now.getTime() + policy.resolutionSeconds * 1000),
      createdAt: now,
    },
  })
  await saveMessage(ticket.id)
  await tx.ticketEvent.createMany({
    data: [
      { ticketId: ticket.id, type: 'ticket.opened', actor: 'worker', data: JSON.stringify({ channel: msg.channel, ...c }), createdAt: now },
      {
        ticketId: ticket.id, type: route.assignee ? 'ticket.routed' : 'ticket.unassigned', createdAt: now,
        data: JSON.stringify({ unitId: route.unit.id, assigneeId: route.assignee?.id ?? null, tier: route.tier, reason: route.reason }),
      },
    ],
  })
  staged.push(await scheduleFirstResponse(tx, { id: ticket.id, firstResponseDueAt: ticket.firstResponseDueAt! }))

  const reply = desk.replies.render('ticket-opened', {
    ticketNumber: ticket.number,
    categoryLabel: categoryLabels[c.category],
    unitName: route.unit.name,
    assigned: route.assignee !== null,
    responseTime: humanDuration(policy.firstResponseSeconds),
    urgent: c.urgent,
  })
  return { result: { duplicate: false, ticketNumber: ticket.number, outcome: 'opened' as const, reply: inScript(reply, script) }, staged }
}

/** The worker's most recent open ticket, if they wrote about it recently enough to be continuing it. */
async function continuableTicket(desk: Desk, msg: Parsed): Promise<Ticket | null> {
  const identity = await desk.db.channelIdentity.findUnique({
    where: { channel_externalId: { channel: msg.channel, externalId: msg.externalUserId } },
  })
  if (!identity) return null
  const since = new Date(desk.now().getTime() - desk.config.CONTINUE_WINDOW_SECONDS * 1000)
  return desk.db.ticket.findFirst({
    where: { workerId: identity.workerId, status: { in: openStatuses }, updatedAt: { gte: since } },
    orderBy: { updatedAt: 'desc' },
  })
}

async function answerForDuplicate(desk: Desk, msg: Parsed): Promise<IntakeResult | null> {
  const seen = await desk.db.message.findUnique({
    where: { channel_externalId: { channel: msg.channel, externalId: msg.externalMessageId } },
    include: { ticket: { include: { unit: true } } },
  })
  if (!seen?.ticket) return null
  const t = seen.ticket
  const first = await desk.db.message.findFirst({ where: { ticketId: t.id, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { id: true } })
  const opened = first?.id === seen.id
  const policy = await slaPolicyFor(desk.db, t.category as Classification['category'], t.urgent)
  const reply = opened
    ? desk.replies.render('ticket-opened', {
        ticketNumber: t.number, categoryLabel: categoryLabels[t.category as Classification['category']], unitName: t.unit.name,
        assigned: t.assigneeId !== null, responseTime: humanDuration(policy.firstResponseSeconds), urgent: t.urgent,
      })
    : desk.replies.render('ticket-continued', { ticketNumber: t.number, assigned: t.assigneeId !== null })
  desk.metrics.intake.inc({ channel: msg.channel, outcome: 'duplicate' })
  return { duplicate: true, ticketNumber: t.number, outcome: opened ? 'opened' : 'continued', reply: inScript(reply, detectScript(seen.text)) }
}

/** 7200 → "2小时", 86400 → "24小时", 259200 → "3天", 90 → "2分钟". */
export function humanDuration(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.ceil(seconds / 60))}分钟`
  if (seconds <= 48 * 3600) return `${Math.ceil(seconds / 3600)}小时`
  return `${Math.ceil(seconds / 86400)}天`
}
