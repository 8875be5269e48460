import type { Tx } from '../db/client.ts'
import type { OutboxJob, Ticket } from '../generated/prisma/client.ts'
import { detectScript, inScript } from '../text/script.ts'
import type { ReplyName, ReplyView } from '../text/templates.ts'
import { notifyCadre } from './cadre-notify.ts'
import { scheduleCallbackTimers } from './callbacks.ts'
import type { Desk } from './deps.ts'
import { stageWorkerMessage } from './notify.ts'
import { applyTimerChanges, pauseSla, refreshSlaTimers, resumeSla, type TimerChanges } from './sla.ts'
import { TicketNotFound } from './tickets.ts'

/**
 * What a cadre does to a ticket besides answering it (src/desk/tickets.ts): hand it to
 * someone else, ask the worker a question, close it. Each runs in one transaction that
 * records the step on the timeline, tells the worker, and moves the SLA timers; jobs
 * reach Redis after the commit.
 */

/** A cadre action that cannot be done as asked: the HTTP layer answers 400 or 404 with the message. */
export class DeskActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message)
    this.name = 'DeskActionError'
  }
}

const txOptions = { maxWait: 10_000, timeout: 10_000 }

async function openTicket(tx: Tx, number: string): Promise<Ticket> {
  const ticket = await tx.ticket.findUnique({ where: { number } })
  if (!ticket) throw new TicketNotFound(number)
  if (ticket.status === 'closed') throw new DeskActionError('ticket_closed', `Ticket ${number} is closed.`, 409)
  return ticket
}

/** Renders a reply template in the script the worker wrote the ticket in. */
export async function workerText<N extends ReplyName>(tx: Tx, desk: Pick<Desk, 'replies'>, ticketId: string, name: N, view: ReplyView<N>): Promise<string> {
  const first = await tx.message.findFirst({ where: { ticketId, direction: 'in' }, orderBy: { createdAt: 'asc' }, select: { text: true } })
  return inScript(desk.replies.render(name, view), detectScript(first?.text ?? ''))
}

/** Reassignment by hand: recorded with who did it and why; the worker and the new assignee are told. */
export async function reassignTicket(desk: Desk, input: { number: string; cadreId: string; reason: string; actor: string }) {
  const now = desk.now()
  const result = await desk.db.$transaction(async (tx) => {
    const ticket = await openTicket(tx, input.number)
    const cadre = await tx.cadre.findUnique({ where: { id: input.cadreId }, include: { unit: true } })
    if (!cadre || !cadre.active) throw new DeskActionError('cadre_not_found', `No active cadre ${input.cadreId}.`, 404)
    if (cadre.id === ticket.assigneeId) throw new DeskActionError('already_assigned', `Ticket ${input.number} is already with ${cadre.name}.`, 409)
    await tx.ticket.update({ where: { id: ticket.id }, data: { assigneeId: cadre.id } })
    await tx.cadre.update({ where: { id: cadre.id }, data: { lastAssignedAt: now } })
    await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id, type: 'ticket.reassigned', actor: input.actor, createdAt: now,
        data: JSON.stringify({ fromCadreId: ticket.assigneeId, toCadreId: cadre.id, reason: input.reason }),
      },
    })
    await notifyCadre(tx, {
      cadreId: cadre.id, kind: 'ticket.assigned', ticketId: ticket.id, dedupeKey: `assigned-${ticket.id}-${now.getTime()}`, at: now,
      data: { fromCadreId: ticket.assigneeId, by: input.actor },
    })
    const text = await workerText(tx, desk, ticket.id, 'step-assigned', { ticketNumber: ticket.number, unitName: cadre.unit.name, cadreName: cadre.name })
    const { job } = await stageWorkerMessage(tx, { workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text, purpose: 'step_notice', at: now })
    // Deadlines do not move with the assignee; reminders still due go to whoever holds the ticket when they fire.
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    return { timers: { ...timers, staged: [...timers.staged, job] }, fromCadreId: ticket.assigneeId }
  }, txOptions)
  await applyTimerChanges(desk, result.timers)
  return { number: input.number, assigneeId: input.cadreId, previousAssigneeId: result.fromCadreId, reassignedAt: now.toISOString() }
}

/**
 * The cadre needs something from the worker: the question goes to them, the ticket waits
 * for them, and both SLA clocks stop until they write back (intake resumes them). Asking
 * is also a first response.
 */
export async function askWorker(desk: Desk, input: { number: string; text: string; cadreId?: string; actor: string }) {
  const now = desk.now()
  const result = await desk.db.$transaction(async (tx) => {
    const ticket = await openTicket(tx, input.number)
    const { deliveryId, job } = await stageWorkerMessage(tx, {
      workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text: input.text,
      purpose: 'cadre_question', authorCadreId: input.cadreId ?? ticket.assigneeId ?? undefined, at: now,
    })
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'waiting_worker', ...(ticket.firstRespondedAt ? {} : { firstRespondedAt: now }) } })
    await pauseSla(tx, ticket, now)
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'ticket.question_asked', actor: input.actor, createdAt: now, data: JSON.stringify({ deliveryId }) } })
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    return { deliveryId, timers: { ...timers, staged: [...timers.staged, job] } }
  }, txOptions)
  await applyTimerChanges(desk, result.timers)
  return { number: input.number, deliveryId: result.deliveryId, pausedAt: now.toISOString() }
}

/**
 * Closing: the clocks stop and their timers go; the worker hears the result and gets the
 * satisfaction question (满意 / 基本满意 / 不满意); a satisfaction callback is set for the
 * assignee in case the worker never answers.
 */
export async function closeTicket(desk: Desk, input: { number: string; summary?: string; actor: string }) {
  const now = desk.now()
  const result = await desk.db.$transaction(async (tx) => {
    const ticket = await openTicket(tx, input.number)
    if (ticket.slaPausedAt) await resumeSla(tx, ticket.id, now)
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'closed', closedAt: now, satisfactionAskedAt: now } })
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'ticket.closed', actor: input.actor, createdAt: now, data: JSON.stringify({ hasSummary: Boolean(input.summary) }) } })
    const notice = (text: string, purpose: string) =>
      stageWorkerMessage(tx, { workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text, purpose, at: now })
    const closed = await notice(await workerText(tx, desk, ticket.id, 'step-closed', { ticketNumber: ticket.number, summary: input.summary ?? '' }), 'step_notice')
    const question = await notice(await workerText(tx, desk, ticket.id, 'satisfaction-question', { ticketNumber: ticket.number }), 'satisfaction')
    const task = await tx.callbackTask.create({
      data: {
        kind: 'satisfaction', workerId: ticket.workerId, unitId: ticket.unitId, ticketId: ticket.id, assigneeId: ticket.assigneeId,
        reason: `办结回访 ${ticket.number}`, dueAt: new Date(now.getTime() + desk.config.SATISFACTION_CALLBACK_DELAY_SECONDS * 1000),
        dedupeKey: `satisfaction-${ticket.id}`,
      },
    })
    const timers = await refreshSlaTimers(tx, desk, ticket.id)
    const callbackJobs = await scheduleCallbackTimers(tx, desk, task)
    const staged: OutboxJob[] = [...timers.staged, closed.job, question.job, ...callbackJobs]
    return { timers: { cancel: timers.cancel, staged } satisfies TimerChanges, taskId: task.id }
  }, txOptions)
  await applyTimerChanges(desk, result.timers)
  return { number: input.number, closedAt: now.toISOString(), satisfactionCallbackId: result.taskId }
}

