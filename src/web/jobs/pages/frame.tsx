import type { FC, PropsWithChildren } from 'hono/jsx'
import { payText, placeShort } from '../../../desk/postings/index.ts'
import type { JobPosting } from '../../../generated/prisma/client.ts'
import { inScript } from '../../../text/script.ts'
import { Layout } from '../../ui/layout.tsx'
import { jobsCssHref } from '../assets.ts'
import { fill, PAY_FLOORS, type JobWords } from '../copy.ts'
import { href, type JobsBase } from '../context.ts'

/** The 繁/简 switch as a link to the same page in the other script. */
export const ScriptLink: FC<{ base: JobsBase; path: string; query?: Record<string, string | number | undefined> }> = ({ base, path, query = {} }) => {
  const to = base.script === 'traditional' ? 'hans' : 'hant'
  return (
    <a class="script" href={href(path, { ...query, zh: to })} lang={to === 'hant' ? 'zh-Hant' : 'zh-Hans'}>
      {to === 'hant' ? '繁體' : '简体'}
    </a>
  )
}

/**
 * A job page: the pages' frame, with the board's few extra rules. The sheet is linked at the
 * top of the body (a stylesheet link is allowed there), since the frame's head is shared.
 */
export const JobsPage: FC<PropsWithChildren<{ base: JobsBase; title: string; path?: string; query?: Record<string, string | number | undefined> }>> = ({ base, title, path, query, children }) => (
  <Layout
    title={title}
    script={base.script}
    brand={base.brand}
    home={href('/jobs', base.keep)}
    scriptSwitch={path ? <ScriptLink base={base} path={path} query={query} /> : undefined}
    footer={
      <p>
        {base.j.hotlineShort}
        <a href={`tel:${base.hotline}`}>{base.hotline}</a>
      </p>
    }
  >
    <link rel="stylesheet" href={jobsCssHref} />
    {children}
  </Layout>
)

/** The words the desk makes about a posting (pay, the short place), in the page's script. */
export const payIn = (p: Pick<JobPosting, 'payMin' | 'payMax'>, base: JobsBase) => inScript(payText(p), base.script)
export const placeIn = (p: Pick<JobPosting, 'regionCode' | 'place'>, base: JobsBase) => {
  const short = inScript(placeShort(p.regionCode), base.script)
  return short ? `${short} · ${p.place}` : p.place
}

/**
 * One posting on the board: what a worker decides on at a glance. The title is the union's
 * wording (shown in the page's script); the firm's name and address as the firm writes them.
 */
export const PostingCard: FC<{ base: JobsBase; p: JobPosting; note?: string }> = ({ base, p, note }) => {
  const { j } = base
  return (
    <li class="job">
      <h2>
        <a href={href(`/jobs/${p.number}`, base.keep)}>{inScript(p.title, base.script)}</a>
      </h2>
      <p class="firm">{p.employerName}</p>
      <p>{placeIn(p, base)}</p>
      <p>
        <span class="pay">{payIn(p, base)}</span>
        {' · '}
        {fill(j.headcount, { n: p.headcount })}
      </p>
      <p class="meta">
        <span class="num">{p.number}</span>
        {' · '}
        {fill(j.until, { date: base.day(p.validUntil) })}
      </p>
      {note ? <p class="status">{note}</p> : null}
    </li>
  )
}

/** A line or two in a box; `alert` for what went wrong. */
export const Said: FC<{ tone?: 'alert' | 'ok'; id?: string; lines: string[] }> = ({ tone, id, lines }) => (
  <div class={tone ? `box ${tone}` : 'box'} id={id} role={tone === 'alert' ? 'alert' : tone === 'ok' ? 'status' : undefined}>
    {lines.map((l) => (
      <p>{l}</p>
    ))}
  </div>
)

/** The pay-floor choice, the same on the board's filters and the portal's subscription form. */
export const PayFloorSelect: FC<{ j: JobWords; value: string }> = ({ j, value }) => (
  <>
    <label for="pay">{j.payLabel}</label>
    <select id="pay" name="pay">
      <option value="">{j.payAny}</option>
      {PAY_FLOORS.map((pay) => (
        <option value={String(pay)} selected={value === String(pay)}>
          {fill(j.payOption, { pay })}
        </option>
      ))}
    </select>
  </>
)
