import { afterAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { admin, json, deskForThisFile } from '../../support/desk.ts'
import { watchJobs } from '../../support/jobs.ts'

const { units, cadres } = demoUnion

const t = deskForThisFile()
const jobs = watchJobs(() => t)
afterAll(() => jobs.close())

let n = 0
const open = async (text: string, orgHint?: string) => {
  const r = await acceptMessage(t.desk, { channel: 'web', externalUserId: `actions-${++n}`, externalMessageId: `actions-${n}`, text, profile: { orgHint }, receivedAt: new Date() })
  return t.desk.db.ticket.findUniqueOrThrow({ where: { number: r.ticketNumber! }, include: { assignee: true } })
}
const cadre = (name: string) => t.desk.db.cadre.findFirstOrThrow({ where: { name } })
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

describe('the 2-hour rule', () => {
  it('tells the leader of an urgent case at once, not when a timer runs out', async () => {
    const ticket = await open('工地上有人从脚手架摔下来了，昏迷不醒', units.nanshan.code)
    expect(ticket).toMatchObject({ urgent: true, tier: 'leader' })
    const notice = await t.desk.db.cadreNotice.findFirstOrThrow({ where: { ticketId: ticket.id, kind: 'leader.notified' } })
    expect(notice.cadreId).toBe(ticket.assigneeId)
    expect(notice.createdAt).toEqual(ticket.createdAt)
    expect(ticket.firstResponseDueAt!.getTime() - ticket.createdAt.getTime()).toBe(2 * 3600_000) // around the clock
  })
})

describe('cadre actions over HTTP', () => {
  it('reassigns by hand: recorded with the reason, the new assignee and the worker are told', async () => {
    const ticket = await open('公司拖欠工资两个月', units.nanshan.code)
    const to = await cadre(ticket.assignee!.name === cadres.nanshanWageA ? cadres.nanshanWageB : cadres.nanshanWageA)
    const res = await t.app.request(`/api/tickets/${ticket.number}/assignment`, json({ cadreId: to.id, reason: '林晓燕下周休假' }, admin))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ number: ticket.number, assigneeId: to.id, previousAssigneeId: ticket.assigneeId })

    const event = await t.desk.db.ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'ticket.reassigned' } })
    expect(event.actor).toBe('admin')
    expect(JSON.parse(event.data!)).toEqual({ fromCadreId: ticket.assigneeId, toCadreId: to.id, reason: '林晓燕下周休假' })
    expect(await t.desk.db.cadreNotice.findFirst({ where: { ticketId: ticket.id, kind: 'ticket.assigned', cadreId: to.id } })).not.toBeNull()
    const notice = await t.desk.db.delivery.findFirstOrThrow({ where: { ticketId: ticket.id, purpose: 'step_notice' } })
    const text = (await t.desk.db.message.findUniqueOrThrow({ where: { id: notice.messageId! } })).text
    expect(text).toContain(to.name)
    expect(text).toContain(ticket.number)

    // Reminders still due go to whoever holds the ticket when they fire.
    expect((await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).assigneeId).toBe(to.id)
    expect(await (await t.desk.queues.sla.getJob(`sla-${ticket.id}-first-response-50`))?.getState()).toBe('delayed')
  })

  it('refuses what cannot be done, with a reason', async () => {
    const ticket = await open('我上个月在车间受了工伤，想咨询一下工伤认定', units.nanshan.code)
    const reassign = (body: object, headers = admin) => t.app.request(`/api/tickets/${ticket.number}/assignment`, json(body, headers))
    expect((await reassign({ cadreId: 'nobody', reason: '试试' })).status).toBe(404)
    const same = await reassign({ cadreId: ticket.assigneeId, reason: '试试' })
    expect(same.status).toBe(409)
    expect(await errorCode(same)).toBe('already_assigned')
    const bad = await reassign({ cadreId: ticket.assigneeId, reason: '', extra: 1 })
    expect(bad.status).toBe(400)
    expect((await reassign({ cadreId: ticket.assigneeId, reason: 'x' }, {} as typeof admin)).status).toBe(401)
    expect((await t.app.request('/api/tickets/NJ-000101-0001/close', json({}, admin))).status).toBe(404)
    expect((await t.app.request('/api/stats/rates?month=2026-13', { headers: admin })).status).toBe(400)
    expect((await t.app.request('/api/stats/rates?month=2026-11&unit=nowhere', { headers: admin })).status).toBe(404)
  })

  it('keeps the hardship archive: a special case becomes a leader’s, exit cancels the calls owed', async () => {
    const ticket = await open('老公重病住院，家里两个孩子上学，实在困难', units.huaxing.code)
    expect(ticket.assignee?.name).toBe(cadres.huaxingCadre)
    const res = await t.app.request('/api/hardship-records', json({ ticketNumber: ticket.number, level: 'special', cause: 'illness', householdSize: 4 }, admin))
    expect(res.status).toBe(201)
    const record = (await res.json()) as { id: string; level: string; exitedAt: string | null }
    expect(record).toMatchObject({ level: 'special', exitedAt: null })
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { assignee: true } })
    expect(after).toMatchObject({ tier: 'leader', severity: 'severe' })
    expect(after.assignee?.name).toBe(cadres.huaxingLeader)

    // The worker's next case goes straight to a leader too.
    const twice = await t.app.request('/api/hardship-records', json({ ticketNumber: ticket.number, level: 'general', cause: 'illness' }, admin))
    expect(twice.status).toBe(409)

    const { planCallbacks } = await import('../../../src/desk/care/index.ts')
    await planCallbacks(t.desk)
    const owed = await t.desk.db.callbackTask.findFirstOrThrow({ where: { hardshipId: record.id, status: 'pending' } })
    const exit = await t.app.request(`/api/hardship-records/${record.id}/exit`, json({ reason: '家庭收入已超过低保标准1.3倍' }, admin))
    expect(exit.status).toBe(200)
    expect(((await exit.json()) as { exitedAt: string | null }).exitedAt).not.toBeNull()
    expect(await t.desk.db.callbackTask.findUniqueOrThrow({ where: { id: owed.id } })).toMatchObject({ status: 'cancelled' })
    // The job is gone; or, when the quarter's due day is already past, it was running as the
    // exit came (a running job cannot be removed): then it finds the task cancelled and tells nobody.
    const jobId = `cb-${owed.id}-0-overdue`
    const left = await t.desk.queues.callbacks.getJob(jobId)
    if (left) {
      const noticesAtExit = await t.desk.db.cadreNotice.count({ where: { callbackTaskId: owed.id } })
      await jobs.outcome('callbacks', jobId)
      expect(await t.desk.db.cadreNotice.count({ where: { callbackTaskId: owed.id } })).toBe(noticesAtExit)
    }
    expect((await t.app.request(`/api/hardship-records/${record.id}/exit`, json({ reason: '重复' }, admin))).status).toBe(409)
  })
})
