import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { BotState, readBotStatus } from './channels/wechaty/status.ts'
import type { Db } from './db/client.ts'
import type { Queues } from './queue/queues.ts'
import type { RedisClient } from './redis/connect.ts'
import { queueNames } from './queue/jobs.ts'

/**
 * Prometheus metrics. One registry per desk rather than prom-client's global one, so
 * several desks in one test process do not share counters.
 */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'niangjia_' })
  return {
    registry,
    httpRequests: new Counter({
      name: 'niangjia_http_requests_total', help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'] as const, registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'niangjia_http_request_duration_seconds', help: 'HTTP request duration',
      labelNames: ['method', 'route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
    intake: new Counter({
      name: 'niangjia_intake_messages_total', help: 'Inbound messages by channel and outcome (opened, continued, duplicate)',
      labelNames: ['channel', 'outcome'] as const, registers: [registry],
    }),
    deliveries: new Counter({
      name: 'niangjia_deliveries_total', help: 'Messages to workers by channel and outcome (sent, deferred, failed, dead)',
      labelNames: ['channel', 'status'] as const, registers: [registry],
    }),
    jobs: new Counter({
      name: 'niangjia_jobs_total', help: 'Queue jobs by queue and outcome',
      labelNames: ['queue', 'outcome'] as const, registers: [registry],
    }),
    shed: new Counter({
      name: 'niangjia_shed_messages_total', help: 'Messages stored and answered at once because the process was behind, by channel and signal (event_loop_lag, in_flight, store_latency)',
      labelNames: ['channel', 'reason'] as const, registers: [registry],
    }),
    botEvents: new Counter({
      name: 'niangjia_wechaty_events_total', help: 'The Wechaty bot in this process: scan, login, reconnect, logout, error, standby, takeover',
      labelNames: ['event'] as const, registers: [registry],
    }),
  }
}
export type Metrics = ReturnType<typeof createMetrics>

/** Queue depths are read from Redis when Prometheus scrapes, not kept in memory. */
export function watchQueueDepths(metrics: Metrics, queues: Queues) {
  new Gauge({
    name: 'niangjia_queue_jobs', help: 'Jobs in each queue by state', labelNames: ['queue', 'state'] as const,
    registers: [metrics.registry],
    async collect() {
      for (const name of queueNames) {
        const counts = await queues[name].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed').catch(() => null)
        if (!counts) continue
        for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n)
      }
    },
  })
}

/**
 * What the database says needs attention, read when Prometheus scrapes (every process sees the
 * same rows, so any one scraped answers for the desk): outbox rows not yet on Redis and the age
 * of the oldest (the relay is stuck or Redis is down), and open tickets past an SLA deadline or
 * escalated. A ticket waiting for the worker is left out: its clock stands still.
 */
export function watchDeskState(metrics: Metrics, db: Db, now: () => Date) {
  new Gauge({
    name: 'niangjia_outbox_pending', help: 'Outbox rows committed but not yet put on their queue', registers: [metrics.registry],
    async collect() {
      const n = await db.outboxJob.count({ where: { enqueuedAt: null } }).catch(() => null)
      if (n !== null) this.set(n)
    },
  })
  new Gauge({
    name: 'niangjia_outbox_oldest_seconds', help: 'Age of the oldest outbox row not yet on its queue (0 when none)', registers: [metrics.registry],
    async collect() {
      const oldest = await db.outboxJob.findFirst({ where: { enqueuedAt: null }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }).catch(() => undefined)
      if (oldest !== undefined) this.set(oldest ? Math.max(0, (now().getTime() - oldest.createdAt.getTime()) / 1000) : 0)
    },
  })
  new Gauge({
    name: 'niangjia_tickets_overdue', help: 'Open tickets past an SLA deadline, by clock (first_response, resolution); waiting for the worker excluded',
    labelNames: ['clock'] as const, registers: [metrics.registry],
    async collect() {
      const at = now()
      const running = { status: { in: ['open', 'answered'] } }
      const [first, resolution] = await Promise.all([
        db.ticket.count({ where: { ...running, firstRespondedAt: null, firstResponseDueAt: { lt: at } } }),
        db.ticket.count({ where: { ...running, resolutionDueAt: { lt: at } } }),
      ]).catch(() => [null, null])
      if (first !== null) this.set({ clock: 'first_response' }, first)
      if (resolution !== null) this.set({ clock: 'resolution' }, resolution)
    },
  })
  new Gauge({
    name: 'niangjia_tickets_escalated', help: 'Open tickets escalated past their assignee (to the leader or a unit up)', registers: [metrics.registry],
    async collect() {
      const n = await db.ticket.count({ where: { status: { not: 'closed' }, escalationLevel: { gt: 0 } } }).catch(() => null)
      if (n !== null) this.set(n)
    },
  })
}

/**
 * The bot account's state as the bot process last wrote it to Redis (src/channels/wechaty/status.ts),
 * read on each scrape, so any process answers: 1 for the state it is in, 0 for the others, and
 * whether the process holding it is alive. Nothing when no bot ever ran.
 */
export function watchBotStatus(metrics: Metrics, redis: RedisClient, prefix: string, now: () => Date) {
  new Gauge({
    name: 'niangjia_wechaty_bot_state', help: 'The Wechaty bot account: 1 for its current state (scan, logged_in, logged_out, starting, stopped), and alive', labelNames: ['state'] as const,
    registers: [metrics.registry],
    async collect() {
      const status = await readBotStatus(redis, prefix, now()).catch(() => null)
      if (!status) return
      for (const state of BotState.options) this.set({ state }, status.state === state ? 1 : 0)
      this.set({ state: 'alive' }, status.alive ? 1 : 0)
    },
  })
}
