import { inTransaction } from '../../db/transaction.ts'
import type { OutboxJob } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import { inWorkersScript, stageWorkerMessage } from '../messaging/index.ts'
import { applyTimerChanges, refreshSlaTimers, resumeSla, scheduleCallbackTimers, type TimerChanges } from '../timekeeping/index.ts'
import { actionableTicket } from './load.ts'

/**
 * Closing: the clocks stop and their timers go; the worker hears the result and gets the
 * satisfaction question (满意 / 基本满意 / 不满意); a satisfaction callback is set for the
 * assignee in case the worker never answers.
 */
export async function closeTicket(desk: Desk, input: { number: string; summary?: string; actor: string }) {
  const now = desk.now()
  const result = await inTransaction(desk.db, async (tx) => {
    const ticket = await actionableTicket(tx, input.number)
    if (ticket.slaPausedAt) await resumeSla(tx, ticket.id, now)
    await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'closed', closedAt: now, satisfactionAskedAt: now } })
    await tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'ticket.closed', actor: input.actor, createdAt: now, data: JSON.stringify({ hasSummary: Boolean(input.summary) }) } })
    const notice = (text: string, purpose: string) =>
      stageWorkerMessage(tx, { workerId: ticket.workerId, channel: ticket.channel, ticketId: ticket.id, text, purpose, at: now })
    const closed = await notice(await inWorkersScript(tx, desk, ticket.id, 'step-closed', { ticketNumber: ticket.number, summary: input.summary ?? '' }), 'step_notice')
    const question = await notice(await inWorkersScript(tx, desk, ticket.id, 'satisfaction-question', { ticketNumber: ticket.number }), 'satisfaction')
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
  })
  await applyTimerChanges(desk, result.timers)
  return { number: input.number, closedAt: now.toISOString(), satisfactionCallbackId: result.taskId }
}

/**
 * The satisfaction question asked when a ticket closed stays answerable this long: a ticket
 * asked at or after this moment, and not yet rated, takes the worker's 满意 / 基本满意 / 不满意.
 */
export function satisfactionAnswerableSince(desk: Pick<Desk, 'config'>, now: Date): Date {
  return new Date(now.getTime() - desk.config.SATISFACTION_ANSWER_WINDOW_SECONDS * 1000)
}
