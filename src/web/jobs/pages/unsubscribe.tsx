import type { FC } from 'hono/jsx'
import { fill } from '../copy.ts'
import { href, type JobsBase } from '../context.ts'
import { JobsPage, Said } from './frame.tsx'

export type Unsubscribed = { what: string; already: boolean; others: string[]; token: string }

/**
 * GET /jobs/unsubscribe/:token: the subscription the push came from is already ended when
 * this shows (one tap). The worker's other subscriptions are named, with one button to end
 * them all too (a POST: opening a link twice never ends more than the link says).
 */
export const UnsubscribedPage: FC<{ base: JobsBase; u: Unsubscribed }> = ({ base, u }) => {
  const { j } = base
  return (
    <JobsPage base={base} title={j.unsubTitle}>
      <h1>{j.unsubHeading}</h1>
      <Said tone="ok" id="done" lines={[fill(u.already ? j.unsubAgain : j.unsubDone, { what: u.what })]} />
      {u.others.length ? (
        <div class="box" id="others">
          <p>{j.unsubOthers}</p>
          <ul class="subs">
            {u.others.map((o) => (
              <li>{o}</li>
            ))}
          </ul>
          <form method="post" action={`/jobs/unsubscribe/${u.token}`}>
            {base.script === 'traditional' ? <input type="hidden" name="zh" value="hant" /> : null}
            <button type="submit" class="quiet">
              {j.unsubAll}
            </button>
          </form>
        </div>
      ) : null}
      <p>{j.unsubComeBack}</p>
      <a class="button" href={href('/jobs', base.keep)}>
        {j.clear}
      </a>
    </JobsPage>
  )
}

/** POST /jobs/unsubscribe/:token: every subscription of that worker ended. */
export const UnsubscribedAllPage: FC<{ base: JobsBase }> = ({ base }) => (
  <JobsPage base={base} title={base.j.unsubTitle}>
    <h1>{base.j.unsubAllHeading}</h1>
    <Said tone="ok" id="done" lines={[base.j.unsubAllDone]} />
    <p>{base.j.unsubComeBack}</p>
    <a class="button" href={href('/jobs', base.keep)}>
      {base.j.clear}
    </a>
  </JobsPage>
)
