import type { FC } from 'hono/jsx'
import { jobsCssHref } from '../../jobs/assets.ts'
import { fill } from '../../jobs/copy.ts'
import { href, type JobsBase } from '../../jobs/context.ts'
import { PayFloorSelect } from '../../jobs/pages/frame.tsx'
import { Notice } from '../../ui/layout.tsx'
import { PortalPage, ScriptField, SwitchLink, type PageBase } from './frame.tsx'

export type JobsForm = { trade: string; place: string; pay: string; code?: string }

/** The subscribe form; with a code (from the subscriber's page) the new item joins what they have. */
export const SubscribeForm: FC<{ base: PageBase; jb: JobsBase; form: JobsForm; label?: string }> = ({ base, jb, form, label }) => {
  const { j } = jb
  return (
    <form method="post" action="/portal/jobs">
      <ScriptField base={base} />
      {form.code ? <input type="hidden" name="code" value={form.code} /> : null}
      <label for="trade">{j.pjTradeLabel}</label>
      <input type="text" id="trade" name="trade" value={form.trade} placeholder={j.pjTradeHint} maxlength={30} autocomplete="off" />
      <label for="place">{j.pjPlaceLabel}</label>
      <input type="text" id="place" name="place" value={form.place} placeholder={j.pjPlaceHint} maxlength={30} autocomplete="off" />
      <PayFloorSelect j={j} value={form.pay} />
      <button type="submit">{label ?? j.pjSubmit}</button>
    </form>
  )
}

/** GET /portal/jobs, and the form again with a line when something needs fixing. */
export const SubscribePage: FC<{ base: PageBase; jb: JobsBase; form: JobsForm; error?: string }> = ({ base, jb, form, error }) => {
  const { j } = jb
  return (
    <PortalPage base={base} title={j.pjTitle} scriptSwitch={<SwitchLink base={base} path="/portal/jobs" />}>
      <link rel="stylesheet" href={jobsCssHref} />
      <h1>{j.pjHeading}</h1>
      <p class="lead">{j.pjLead}</p>
      {error ? (
        <Notice tone="alert" id="error">
          <p>{error}</p>
        </Notice>
      ) : null}
      <SubscribeForm base={base} jb={jb} form={form} />
      <p class="hint">{j.pjChat}</p>
      <p>
        <a href="/portal/jobs/mine">{j.pjHaveCode}</a>
      </p>
      <p>
        <a href={href('/jobs', jb.keep)}>{j.mineBoard}</a>
      </p>
    </PortalPage>
  )
}

/** POST /portal/jobs subscribed a new subscriber: the code, shown this once, big, and where it leads. */
export const SubscribedPage: FC<{ base: PageBase; jb: JobsBase; what: string; code: string; openCount: number }> = ({ base, jb, what, code, openCount }) => {
  const { j } = jb
  return (
    <PortalPage base={base} title={j.pjCreatedTitle}>
      <link rel="stylesheet" href={jobsCssHref} />
      <h1>{j.pjCreatedHeading}</h1>
      <p class="lead" id="what">
        {fill(j.pjWhat, { what })}
      </p>
      <dl class="key box">
        <dt>{j.pjCodeLabel}</dt>
        <dd id="subscription-code">{code}</dd>
      </dl>
      <Notice tone="alert">
        <p>{j.pjCodeOnce}</p>
      </Notice>
      <p id="open-count">{openCount ? fill(j.pjOpenNow, { n: openCount }) : j.pjOpenNone}</p>
      <a class="button" href={`/portal/jobs/mine?${new URLSearchParams({ code, ...(base.script === 'traditional' ? { zh: 'hant' } : {}) })}`} id="mine">
        {j.pjMineLink}
      </a>
      <p class="hint">{j.pjBookmark}</p>
      <a class="button quiet" href={href('/jobs', jb.keep)}>
        {j.mineBoard}
      </a>
    </PortalPage>
  )
}
