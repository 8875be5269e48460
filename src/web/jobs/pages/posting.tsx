import type { FC } from 'hono/jsx'
import type { JobPosting } from '../../../generated/prisma/client.ts'
import { inScript } from '../../../text/script.ts'
import { fill } from '../copy.ts'
import { contactParts, firstPhone, href, type JobsBase } from '../context.ts'
import { SubscribeBox } from './board.tsx'
import { JobsPage, payIn, placeIn, Said } from './frame.tsx'

export type ClosedAs = 'filled' | 'withdrawn' | 'expired'

/** The contact as the firm wrote it, each phone number in it a tap to call. */
const Contact: FC<{ contact: string }> = ({ contact }) => (
  <p class="contact" id="contact">
    {contactParts(contact).map((part) => (part.tel ? <a href={`tel:${part.tel}`}>{part.text}</a> : part.text))}
  </p>
)

/**
 * GET /jobs/:number: everything about one posting, with how to apply first. A posting that
 * is no longer open keeps its page (links to it were shared) and says so at the top; its
 * contact is left off, so nobody rings a firm about a job that has gone.
 */
export const PostingPage: FC<{ base: JobsBase; p: JobPosting; closed?: ClosedAs }> = ({ base, p, closed }) => {
  const { j } = base
  const phone = firstPhone(p.contact)
  return (
    <JobsPage base={base} title={inScript(p.title, base.script)} path={`/jobs/${p.number}`}>
      <h1 id="title">{inScript(p.title, base.script)}</h1>
      {closed ? (
        <div class="box alert" id="closed" role="status">
          <p>{j[`closed_${closed}`]}</p>
          <p>
            <a href={href('/jobs', base.keep)}>{j.closedMore}</a>
          </p>
        </div>
      ) : (
        <section class="box apply" id="apply">
          <h2>{j.applyHeading}</h2>
          <Contact contact={p.contact} />
          {phone ? (
            <a class="button" href={`tel:${phone.tel}`} id="call">
              {fill(j.callButton, { phone: phone.text })}
            </a>
          ) : null}
          <p class="hint">{fill(j.applyTip, { number: p.number })}</p>
        </section>
      )}
      <dl class="facts box">
        <dt>{j.factFirm}</dt>
        <dd>{p.employerName}</dd>
        <dt>{j.factTrade}</dt>
        <dd>{inScript(p.trade, base.script)}</dd>
        <dt>{j.factPlace}</dt>
        <dd>{placeIn(p, base)}</dd>
        <dt>{j.factPay}</dt>
        <dd class="pay">{payIn(p, base)}</dd>
        <dt>{j.factHeadcount}</dt>
        <dd>{fill(j.headcountValue, { n: p.headcount })}</dd>
        <dt>{j.factUntil}</dt>
        <dd id="until">{base.day(p.validUntil)}</dd>
        <dt>{j.factNumber}</dt>
        <dd class="num" id="number">
          {p.number}
        </dd>
      </dl>
      <h2>{j.requirementsHeading}</h2>
      <p class="req" id="requirements">
        {p.requirements.trim() ? inScript(p.requirements, base.script) : j.noRequirements}
      </p>
      <p class="hint">{fill(j.noFees, { hotline: base.hotline })}</p>
      <a class="button quiet" href={href('/jobs', base.keep)}>
        {j.clear}
      </a>
      <SubscribeBox base={base} />
    </JobsPage>
  )
}

/** A page that says what went wrong in a line and leads back to the board: unknown posting, bad input, no page. */
export const JobsRefusal: FC<{ base: JobsBase; title: string; line: string }> = ({ base, title, line }) => (
  <JobsPage base={base} title={title}>
    <h1>{title}</h1>
    <Said tone="alert" id="error" lines={[line]} />
    <a class="button" href={href('/jobs', base.keep)}>
      {base.j.clear}
    </a>
  </JobsPage>
)
