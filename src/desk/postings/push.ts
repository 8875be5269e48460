import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import { SendError, type SendRequest } from '../../channels/types.ts'
import { Prisma, type JobPosting, type JobPush } from '../../generated/prisma/client.ts'
import type { WorkerDesk } from '../desk.ts'
import { releaseJobDigest } from './digest.ts'
import { isOpen } from './postings.ts'
import { quietUntil } from './quiet-hours.ts'
import { unsubscribeLink } from './unsubscribe-link.ts'
import { pushText } from './words.ts'

/** Pushes claimed and sent together. A process that dies mid-send leaves at most this many unknown (never sent twice). */
export const PUSH_CHUNK = 20

export type PushOutcome = 'sent' | 'waiting' | 'unreachable' | 'failed' | 'unsubscribed' | 'stopped'

export type PushPageResult =
  | { kind: 'done'; counts: Partial<Record<PushOutcome, number>> }
  /** Some sends failed in a way that can pass (network, a busy channel): they are planned again; retry the page after `retryAt` if given. */
  | { kind: 'retry'; counts: Partial<Record<PushOutcome, number>>; reason: string; retryAt?: Date }
  | { kind: 'quiet'; until: Date }
  | { kind: 'skipped'; why: 'missing' }

/** Marks a failure that can pass: the push is planned again rather than failed. */
const RETRY = 'retry:'

/** `handedOff`: a channel whose sends go through its own process's queue (the bot's) gets the push from there, as a message. */
type Decided = { workerId: string; outcome: PushOutcome; via?: string; error?: string; handedOff?: string }

/**
 * Sends one planned page of a posting's push. Each chunk of pushes is claimed (planned →
 * sending) in one statement before anything leaves, and its outcomes recorded right after,
 * so a repeated or overlapping job finds nothing left to claim: at most one push per
 * (posting, worker), ever. A claim left behind by a process that died is settled as
 * `unknown` by the reconciler (settleStalePushes), never sent again: a missed push is
 * on the board and in the next digest's search, a repeated one is noise in someone's phone.
 *
 * What each worker gets follows the channel's rules: inside WeChat's 48-hour window (and
 * while job pushes have used fewer than JOB_PUSH_WINDOW_MESSAGES of its 5 messages) a
 * message; outside it the job-alert template if the union has one, else the push waits
 * for the worker's next message and goes out in one digest (releaseJobDigest).
 */
export async function pushPage(desk: WorkerDesk, postingId: string, page: number): Promise<PushPageResult> {
  const posting = await desk.db.jobPosting.findUnique({ where: { id: postingId } })
  if (!posting) return { kind: 'skipped', why: 'missing' }
  const now = desk.now()
  if (!isOpen(posting, now)) {
    const { count } = await desk.db.jobPush.updateMany({ where: { postingId, status: { in: ['planned', 'waiting'] } }, data: { status: 'stopped' } })
    return { kind: 'done', counts: { stopped: count } }
  }
  const quiet = quietUntil(desk.config.JOB_QUIET_HOURS, now)
  if (quiet) return { kind: 'quiet', until: quiet }

  const counts: Partial<Record<PushOutcome, number>> = {}
  let retry: { reason: string; retryAt?: Date } | null = null
  for (let after = ''; ; ) {
    const planned = await desk.db.jobPush.findMany({
      where: { postingId, batch: page, status: 'planned', workerId: { gt: after } }, orderBy: { workerId: 'asc' }, take: PUSH_CHUNK,
    })
    if (planned.length === 0) break
    after = planned.at(-1)!.workerId
    // The posting may have been withdrawn while this page ran: what is left stops at once.
    const fresh = await desk.db.jobPosting.findUnique({ where: { id: postingId }, select: { status: true, validUntil: true } })
    if (!fresh || !isOpen(fresh, desk.now())) {
      const { count } = await desk.db.jobPush.updateMany({ where: { postingId, status: { in: ['planned', 'waiting'] } }, data: { status: 'stopped' } })
      counts.stopped = (counts.stopped ?? 0) + count
      break
    }
    const claimed = await claim(desk, postingId, page, planned.map((p) => p.workerId))
    if (claimed.length === 0) continue
    const decided = await decideAndSend(desk, posting, planned.filter((p) => claimed.includes(p.workerId)))
    const again = decided.filter((d) => d.outcome === 'failed' && d.error?.startsWith(RETRY))
    const final = decided.filter((d) => !again.includes(d))
    for (const d of final) counts[d.outcome] = (counts[d.outcome] ?? 0) + 1
    await record(desk, postingId, final)
    for (const d of final) if (d.handedOff) await releaseJobDigest(desk, d.workerId, d.handedOff)
    if (again.length > 0) {
      // Nothing left for these: they go back to planned for the job's next attempt.
      await desk.db.jobPush.updateMany({ where: { postingId, workerId: { in: again.map((d) => d.workerId) }, status: 'sending' }, data: { status: 'planned' } })
      retry ??= { reason: again[0]!.error!.slice(RETRY.length) }
    }
  }
  return retry ? { kind: 'retry', counts, ...retry } : { kind: 'done', counts }
}

/** planned → sending for these workers, in one statement; returns the ones this call took. */
async function claim(desk: WorkerDesk, postingId: string, page: number, workerIds: string[]): Promise<string[]> {
  const rows = await desk.db.$queryRaw<{ workerId: string }[]>`
    UPDATE "JobPush" SET "status" = 'sending', "updatedAt" = ${desk.now()}
    WHERE "postingId" = ${postingId} AND "batch" = ${page} AND "status" = 'planned' AND "workerId" IN (${Prisma.join(workerIds)})
    RETURNING "workerId"`
  return rows.map((r) => r.workerId)
}

async function record(desk: WorkerDesk, postingId: string, decided: Decided[]) {
  const groups = new Map<string, Decided[]>()
  for (const d of decided) {
    const key = `${d.outcome}|${d.via ?? ''}|${d.error ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), d])
  }
  const now = desk.now()
  for (const group of groups.values()) {
    const { outcome, via, error } = group[0]!
    await desk.db.jobPush.updateMany({
      where: { postingId, workerId: { in: group.map((d) => d.workerId) }, status: 'sending' },
      data: { status: outcome, via: via ?? null, error: error?.slice(0, 300) ?? null, ...(outcome === 'sent' ? { sentAt: now } : {}) },
    })
  }
}

async function decideAndSend(desk: WorkerDesk, posting: JobPosting, pushes: JobPush[]): Promise<Decided[]> {
  const workerIds = pushes.map((p) => p.workerId)
  const [subs, workers, identities] = await Promise.all([
    desk.db.jobSubscription.findMany({ where: { id: { in: pushes.map((p) => p.subscriptionId) } }, select: { id: true, endedAt: true } }),
    desk.db.worker.findMany({ where: { id: { in: workerIds } }, select: { id: true, unsubscribedAt: true } }),
    desk.db.channelIdentity.findMany({ where: { workerId: { in: workerIds } }, orderBy: { lastInboundAt: 'desc' } }),
  ])
  const used = await windowUse(desk, pushes, identities)
  const ended = new Set(subs.filter((s) => s.endedAt).map((s) => s.id))
  const unfollowed = new Set(workers.filter((w) => w.unsubscribedAt).map((w) => w.id))
  return Promise.all(
    pushes.map(async (push): Promise<Decided> => {
      const workerId = push.workerId
      const spec = desk.channels.spec(push.channel)
      if (ended.has(push.subscriptionId) || (spec.honoursUnsubscribe && unfollowed.has(workerId))) return { workerId, outcome: 'unsubscribed' }
      // The portal shows a subscriber's matches on their page: being there is the delivery.
      if (spec.delivery === 'inbox') return { workerId, outcome: 'sent', via: 'portal_inbox' }
      const identity = identities.find((i) => i.workerId === workerId && i.channel === push.channel)
      if (!identity) return { workerId, outcome: 'unreachable', error: 'no identity on the channel' }
      // The bot sends only from its own queue, under the account's pace and across its logouts:
      // the push waits as a digest entry, released onto that queue at once.
      if (spec.queue && spec.queue !== 'outbound') return { workerId, outcome: 'waiting', handedOff: push.channel }
      const sender = desk.channels.sender(push.channel)
      if (!sender) return { workerId, outcome: 'failed', error: `${RETRY}no ${spec.label} sender in this process` }
      const window = await windowFor(desk, push, spec.replyWindow, identity.lastInboundAt, used.get(workerId) ?? { messages: 0, jobPushes: 0 })
      const request: SendRequest = {
        deliveryId: `jp-${posting.id}-${workerId}`, externalUserId: identity.externalId, purpose: 'job_posting', window,
        text: pushText(desk, posting, unsubscribeLink(desk, push.subscriptionId)),
      }
      try {
        await pace(desk, push.channel)
        const outcome = await sender.send(request)
        return outcome.status === 'sent' ? { workerId, outcome: 'sent', via: outcome.via } : { workerId, outcome: 'waiting', error: outcome.reason }
      } catch (err) {
        if (err instanceof SendError && !err.retryable) return { workerId, outcome: 'failed', error: `${err.code}: ${err.message}` }
        return { workerId, outcome: 'failed', error: `${RETRY}${(err as Error).message}` }
      }
    }),
  )
}

/**
 * What each worker's reply window has carried since they last wrote (the desk's messages and
 * job pushes): two queries for the chunk instead of two per push.
 */
async function windowUse(desk: WorkerDesk, pushes: JobPush[], identities: { workerId: string; channel: string; lastInboundAt: Date | null }[]) {
  const used = new Map<string, { messages: number; jobPushes: number }>()
  const since = new Map<string, number>()
  for (const p of pushes) {
    const rule = desk.channels.spec(p.channel).replyWindow
    const last = identities.find((i) => i.workerId === p.workerId && i.channel === p.channel)?.lastInboundAt
    if (rule && last && desk.now().getTime() - last.getTime() < rule.ms) since.set(p.workerId, last.getTime())
  }
  if (since.size === 0) return used
  const workerIds = [...since.keys()]
  const earliest = new Date(Math.min(...since.values()))
  const [messages, jobPushes] = await Promise.all([
    desk.db.delivery.findMany({ where: { workerId: { in: workerIds }, status: 'sent', via: 'customer_service', sentAt: { gte: earliest } }, select: { workerId: true, sentAt: true, channel: true } }),
    desk.db.jobPush.findMany({ where: { workerId: { in: workerIds }, status: 'sent', via: 'customer_service', sentAt: { gte: earliest } }, select: { workerId: true, sentAt: true, channel: true } }),
  ])
  for (const id of workerIds) used.set(id, { messages: 0, jobPushes: 0 })
  for (const m of messages) if (m.sentAt && m.sentAt.getTime() >= since.get(m.workerId)!) used.get(m.workerId)!.messages++
  for (const j of jobPushes) if (j.sentAt && j.sentAt.getTime() >= since.get(j.workerId)!) used.get(j.workerId)!.jobPushes++
  return used
}

/** Open while the worker wrote recently, the window has messages left, and job pushes have not used their share of it. */
async function windowFor(desk: WorkerDesk, push: JobPush, rule: { ms: number; messages: number; via: string } | undefined, lastInboundAt: Date | null, used: { messages: number; jobPushes: number }) {
  if (!rule) return 'none' as const
  const now = desk.now().getTime()
  if (!lastInboundAt || now - lastInboundAt.getTime() >= rule.ms) return 'closed' as const
  const share = desk.config.JOB_PUSH_WINDOW_MESSAGES
  if (used.messages + used.jobPushes >= rule.messages || used.jobPushes >= share) return 'closed' as const
  // Several pages (and processes) push to one worker at once: each takes a slot of the share
  // atomically in Redis, so the counts above, read by all of them before any sent, are not
  // what lets one more through. The key lives as long as the window it counts.
  const key = `${desk.config.QUEUE_PREFIX}:job-window:${push.channel}:${push.workerId}:${lastInboundAt.getTime()}`
  const taken = await desk.queues.redis.incr(key)
  if (taken === 1) await desk.queues.redis.pexpire(key, rule.ms)
  return taken <= share ? ('open' as const) : ('closed' as const)
}

const limiters = new WeakMap<object, Promise<RateLimiterRedis>>()

/** JOB_PUSH_PER_SECOND per channel, counted in Redis so every worker process shares it. */
async function pace(desk: WorkerDesk, channel: string): Promise<void> {
  let limiter = limiters.get(desk.queues)
  if (!limiter) {
    limiter = Promise.resolve(
      new RateLimiterRedis({ storeClient: desk.queues.redis, keyPrefix: `${desk.config.QUEUE_PREFIX}:job-push-pace`, points: desk.config.JOB_PUSH_PER_SECOND, duration: 1 }),
    )
    limiters.set(desk.queues, limiter)
  }
  const l = await limiter
  for (;;) {
    try {
      await l.consume(channel, 1)
      return
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res
      await new Promise((r) => setTimeout(r, Math.max(5, res.msBeforeNext)))
    }
  }
}

/** Claims a dead process left behind: settled as unknown after this long, and never sent again. */
export const PUSH_SENDING_STALE_MS = 2 * 60_000

export async function settleStalePushes(desk: WorkerDesk): Promise<number> {
  const { count } = await desk.db.jobPush.updateMany({
    where: { status: 'sending', updatedAt: { lte: new Date(desk.now().getTime() - PUSH_SENDING_STALE_MS) } },
    data: { status: 'unknown', error: 'the process sending it stopped mid-send; not sent again so nobody gets it twice' },
  })
  return count
}
