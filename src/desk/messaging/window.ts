import type { Db, Tx } from '../../db/client.ts'

/**
 * How many sends have used a channel's reply window since the worker last wrote (WeChat
 * allows 5 customer-service messages in the 48 hours after): the desk's messages and its
 * job pushes, which share that allowance.
 */
export async function windowSendsSince(db: Db | Tx, q: { workerId: string; channel: string; via: string; since: Date | null }): Promise<{ messages: number; jobPushes: number }> {
  const since = q.since ?? new Date(0)
  const [messages, jobPushes] = await Promise.all([
    db.delivery.count({ where: { workerId: q.workerId, channel: q.channel, status: 'sent', via: q.via, sentAt: { gte: since } } }),
    db.jobPush.count({ where: { workerId: q.workerId, channel: q.channel, status: 'sent', via: q.via, sentAt: { gte: since } } }),
  ])
  return { messages, jobPushes }
}
