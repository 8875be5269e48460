import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Queues } from './queue/queues.ts'
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
