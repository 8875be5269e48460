import { DelayedError } from 'bullmq'
import { fireSlaTimers, type TimerRun } from '../src/desk/timekeeping/index.ts'
import type { WorkerDesk } from '../src/desk/desk.ts'
import { defineWorker } from '../src/queue/define.ts'
import { groupCommit } from '../src/queue/group-commit.ts'
import type { SlaJob } from '../src/queue/jobs.ts'

/** Jobs in one transaction at most; the worker's concurrency is how many can wait to join one. */
const BATCH = 100
/** One batcher per desk: a test process may run several desks, each with its own database. */
const batchers = new WeakMap<WorkerDesk, (timer: SlaJob) => Promise<TimerRun>>()
const batcherOf = (desk: WorkerDesk) => {
  if (!batchers.has(desk)) batchers.set(desk, groupCommit((timers: SlaJob[]) => fireSlaTimers(desk, timers), BATCH))
  return batchers.get(desk)!
}

/**
 * SLA timers: one delayed job per running clock, for its next step (sla-<ticket>-<stage>).
 * A job that fires does every step of its clock that is due and stages the next one; jobs
 * due together are handled together (fireSlaTimers), several to a transaction. A job whose
 * step turns out not to be due yet waits in place until it is.
 */
export const slaWorker = defineWorker({
  queue: 'sla',
  concurrency: BATCH,
  async process(payload, { desk, job, token, logger }) {
    const run = await batcherOf(desk)(payload)
    logger.debug({ outcome: run.outcome, stage: payload.stage, acted: run.acted }, 'SLA timer handled')
    if (run.retryAt && token) {
      await job.moveToDelayed(run.retryAt.getTime(), token)
      throw new DelayedError()
    }
    return run.outcome
  },
})
