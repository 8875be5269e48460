import type { FC } from 'hono/jsx'
import type { JobPosting } from '../../../generated/prisma/client.ts'
import type { BoardForm, RegionOption } from '../board-query.ts'
import { fill } from '../copy.ts'
import { href, type JobsBase } from '../context.ts'
import { JobsPage, PayFloorSelect, PostingCard, Said } from './frame.tsx'

export type BoardView = { rows: JobPosting[]; total: number; page: number; pages: number }

const filtered = (f: BoardForm) => !!(f.q || f.trade || f.place || f.region || f.pay)
const linkQuery = (f: BoardForm, base: JobsBase) => ({ q: f.q, trade: f.trade, place: f.place, region: f.place ? '' : f.region, pay: f.pay, ...base.keep })

/** The search box and, folded away unless used, the trade, place and pay filters: a plain GET form. */
const Filters: FC<{ base: JobsBase; form: BoardForm; regions: RegionOption[] }> = ({ base, form, regions }) => {
  const { j } = base
  const more = !!(form.trade || form.place || form.region || form.pay)
  return (
    <form method="get" action="/jobs" role="search">
      {base.script === 'traditional' ? <input type="hidden" name="zh" value="hant" /> : null}
      <label for="q">{j.qLabel}</label>
      <input type="search" id="q" name="q" value={form.q} placeholder={j.qHint} maxlength={40} enterkeyhint="search" />
      <details open={more}>
        <summary>{j.moreFilters}</summary>
        <label for="trade">{j.tradeLabel}</label>
        <input type="text" id="trade" name="trade" value={form.trade} placeholder={j.tradeHint} maxlength={30} />
        <label for="region">{j.regionLabel}</label>
        <select id="region" name="region">
          <option value="">{j.regionAny}</option>
          {regions.map((r) => (
            <option value={r.code} selected={!form.place && r.code === form.region}>
              {'\u3000'.repeat(r.depth)}
              {r.label}
            </option>
          ))}
        </select>
        <label for="place">{j.placeLabel}</label>
        <input type="text" id="place" name="place" value={form.place} placeholder={j.placeHint} maxlength={30} />
        <PayFloorSelect j={j} value={form.pay} />
      </details>
      <button type="submit">{j.search}</button>
    </form>
  )
}

/** Where to get new postings without looking: the portal's form, or two words in the chat. */
export const SubscribeBox: FC<{ base: JobsBase }> = ({ base }) => (
  <div class="box" id="subscribe">
    <h2>{base.j.subscribeHeading}</h2>
    <p>
      <a href={href('/portal/jobs', base.keep)}>{base.j.subscribeWeb}</a>
    </p>
    <p>{base.j.subscribeChat}</p>
  </div>
)

const Pager: FC<{ base: JobsBase; form: BoardForm; view: BoardView }> = ({ base, form, view }) =>
  view.pages > 1 ? (
    <nav class="pager">
      {view.page > 1 ? <a href={href('/jobs', { ...linkQuery(form, base), page: view.page - 1 })} rel="prev">{base.j.prev}</a> : <span />}
      <span>{fill(base.j.pageOf, { page: Math.min(view.page, view.pages), pages: view.pages })}</span>
      {view.page < view.pages ? <a href={href('/jobs', { ...linkQuery(form, base), page: view.page + 1 })} rel="next">{base.j.next}</a> : <span />}
    </nav>
  ) : null

/** GET /jobs: the open postings, the filters, paging, and what to do when nothing fits. */
export const BoardPage: FC<{ base: JobsBase; form: BoardForm; regions: RegionOption[]; view?: BoardView; error?: string; placeUnknown?: string }> = ({ base, form, regions, view, error, placeUnknown }) => {
  const { j } = base
  const any = filtered(form)
  return (
    <JobsPage base={base} title={j.boardTitle} path="/jobs" query={linkQuery(form, base)}>
      <h1>{j.boardHeading}</h1>
      <p class="lead">{j.boardLead}</p>
      {error ? <Said tone="alert" id="error" lines={[error]} /> : null}
      <Filters base={base} form={form} regions={regions} />
      {placeUnknown ? <Said id="place-unknown" lines={[fill(j.placeUnknown, { place: placeUnknown })]} /> : null}
      {view ? (
        <>
          <p id="count" class="status">
            {fill(any ? j.countFound : j.countAll, { total: view.total })}
            {any ? (
              <>
                {' · '}
                <a href={href('/jobs', base.keep)}>{j.clear}</a>
              </>
            ) : null}
          </p>
          {view.rows.length ? (
            <ol class="jobs" id="postings">
              {view.rows.map((p) => (
                <PostingCard base={base} p={p} />
              ))}
            </ol>
          ) : (
            <div class="box" id="empty">
              <h2>{view.total ? j.emptyPage : j.emptyHeading}</h2>
              {view.total ? null : <p>{j.emptyTry}</p>}
              <p>{j.emptySubscribe}</p>
              {any ? (
                <p>
                  <a href={href('/jobs', base.keep)}>{j.clear}</a>
                </p>
              ) : null}
            </div>
          )}
          <Pager base={base} form={form} view={view} />
        </>
      ) : null}
      <SubscribeBox base={base} />
      <p class="hint">{fill(j.noFees, { hotline: base.hotline })}</p>
    </JobsPage>
  )
}
