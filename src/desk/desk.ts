import type { Logger } from 'pino'
import type { ChannelRegistry } from '../channels/registry.ts'
import type { Classifier } from '../classify/types.ts'
import type { Config } from '../config.ts'
import type { Db } from '../db/client.ts'
import type { WorkCalendar } from '../lib/time/index.ts'
import type { Metrics } from '../metrics.ts'
import type { LlmFactExtractor } from './conversation/facts-llm.ts'
import { liveKnowledge, type LiveKnowledge } from './conversation/knowledge-base.ts'
import type { FieldCrypto } from '../privacy/field-crypto.ts'
import type { JobQueue } from '../queue/job-queue.ts'
import type { OutboxMarks } from '../queue/outbox-marks.ts'
import type { Queues } from '../queue/queues.ts'
import { liveReplies, liveWording, type LiveWording, type Replies, type TemplateSource } from '../text/templates.ts'

/**
 * The desk as a value: everything its domain functions are given. Entries (the Node roles,
 * tests, later the edge) build one with createDesk and pass it down; nothing reaches for
 * globals, files or the environment below this line.
 */
export type Desk = {
  config: Config
  db: Db
  logger: Logger
  /** Puts committed outbox rows on their queues. */
  jobs: JobQueue
  /** Marks those rows delivered a moment later, many in one write (queue/outbox-marks.ts); without it each flush marks its own. */
  outboxMarks?: OutboxMarks
  classifier: Classifier
  /** The words the desk says to workers (the set 'replies' of `wording`). */
  replies: Replies
  /**
   * Every template set (src/text/template-sets.ts) as it reads now: the shipped texts with the
   * union's own wording over them, refreshed in every process by refreshWording.
   */
  wording: LiveWording
  /** Where the shipped texts come from: files on Node, a bundle at the edge. */
  templates: TemplateSource
  /** The union's knowledge base (prompts/knowledge): general questions are answered from it. */
  knowledge: LiveKnowledge
  /** With an LLM configured: reads the facts the rules missed (src/desk/conversation/facts-llm.ts). */
  llmFacts?: LlmFactExtractor
  crypto: FieldCrypto
  metrics: Metrics
  /** What each channel can do, and the senders this process has. */
  channels: ChannelRegistry
  /** The work calendar business-hours SLAs and duty count in (holidays and 调休 included). */
  calendar: WorkCalendar
  now: () => Date
}

/** A desk in a process that runs queue workers: the timekeeping passes read and repair BullMQ directly. */
export type WorkerDesk = Desk & { queues: Queues }

export type DeskDeps = Omit<Desk, 'replies' | 'wording' | 'knowledge' | 'now'> & { now?: () => Date }

export function createDesk(deps: DeskDeps): Desk {
  const wording = liveWording(deps.templates)
  return { ...deps, wording, replies: liveReplies(wording), knowledge: liveKnowledge(deps.templates('knowledge')), now: deps.now ?? (() => new Date()) }
}
