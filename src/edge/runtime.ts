/**
 * The few Workers-runtime types the edge uses, declared here instead of pulling
 * @cloudflare/workers-types into the project's one tsconfig, whose globals would clash with
 * Node's and the DOM's for every other file. Shapes as documented for Cloudflare Queues.
 */

export type QueueSendOptions = { delaySeconds?: number }

/** A producer binding ([[queues.producers]] in wrangler.toml). */
export interface Queue<Body> {
  /** Resolves once the queue has written the message durably. */
  send(body: Body, options?: QueueSendOptions): Promise<void>
}

export interface QueueMessage<Body> {
  readonly id: string
  readonly timestamp: Date
  readonly body: Body
  /** 1 on the first delivery. */
  readonly attempts: number
  ack(): void
  retry(options?: QueueSendOptions): void
}

/** What the consumer ([[queues.consumers]]) is handed. */
export interface MessageBatch<Body> {
  readonly queue: string
  readonly messages: readonly QueueMessage<Body>[]
}

/** The data centre's cache (`caches.default`), which the Workers runtime adds to the Cache API. */
export const edgeCache = (): Cache => (globalThis.caches as unknown as { default: Cache }).default

/** What `c.executionCtx` offers: work that may finish after the answer is sent. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void
}
