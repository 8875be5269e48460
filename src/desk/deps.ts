import type { Logger } from 'pino'
import type { Classifier } from '../classify/types.ts'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import type { Metrics } from '../metrics.ts'
import type { FieldCrypto } from '../privacy/field-crypto.ts'
import type { Queues } from '../queue/queues.ts'
import type { Replies } from '../text/templates.ts'
import type { Senders } from './outbound.ts'

/**
 * What the desk's domain functions are given. Entries (Node, tests, later the edge
 * and worker-only processes) build one and pass it down; nothing reaches for globals.
 */
export type Desk = {
  config: Config
  db: Db
  logger: Logger
  queues: Queues
  classifier: Classifier
  replies: Replies
  crypto: FieldCrypto
  metrics: Metrics
  /** How to reach workers on each channel that can push (the web portal has none). */
  senders: Senders
  now: () => Date
}
