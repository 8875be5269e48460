import type { FC } from 'hono/jsx'
import type { JobPosting } from '../../../generated/prisma/client.ts'
import { jobsCssHref } from '../../jobs/assets.ts'
import { href, type JobsBase } from '../../jobs/context.ts'
import { PostingCard } from '../../jobs/pages/frame.tsx'
import { Notice } from '../../ui/layout.tsx'
import { PortalPage, ScriptField, SwitchForm, SwitchLink, type PageBase } from './frame.tsx'
import { SubscribeForm } from './jobs-subscribe.tsx'

/** GET /portal/jobs/mine without a code, and the answer to a code that opens nothing (the same page). */
export const MineLookUpPage: FC<{ base: PageBase; jb: JobsBase; error?: string }> = ({ base, jb, error }) => {
  const { j } = jb
  return (
    <PortalPage base={base} title={j.mineTitle} scriptSwitch={<SwitchLink base={base} path="/portal/jobs/mine" />}>
      <h1>{j.mineHeading}</h1>
      <p class="lead">{j.mineLead}</p>
      {error ? (
        <Notice tone="alert" id="error">
          <p>{error}</p>
        </Notice>
      ) : null}
      <form method="post" action="/portal/jobs/mine">
        <ScriptField base={base} />
        <label for="code">{j.mineCodeLabel}</label>
        <input type="text" id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} maxlength={20} required />
        <button type="submit">{j.mineLookUp}</button>
      </form>
      <p class="hint">{j.mineLost}</p>
      <p>
        <a href="/portal/jobs">{j.pjTitle}</a>
      </p>
    </PortalPage>
  )
}

export type MineView = { code: string; subscriptions: { id: string; what: string }[]; pushed: { p: JobPosting; open: boolean }[] }

/** A button that ends one subscription (or, without an id, all of them); the code travels in the body. */
const Unsubscribe: FC<{ base: PageBase; code: string; id?: string; label: string }> = ({ base, code, id, label }) => (
  <form method="post" action="/portal/jobs/mine/unsubscribe">
    <ScriptField base={base} />
    <input type="hidden" name="code" value={code} />
    {id ? <input type="hidden" name="id" value={id} /> : <input type="hidden" name="all" value="yes" />}
    <button type="submit" class="quiet">
      {label}
    </button>
  </form>
)

/**
 * The subscriber's page: what they subscribed to, each with its own unsubscribe button, the
 * postings the desk put here for them (a closed one says so), and a form to add one more.
 */
export const MinePage: FC<{ base: PageBase; jb: JobsBase; view: MineView; viaLink: boolean; flash?: string; error?: string }> = ({ base, jb, view, viaLink, flash, error }) => {
  const { j } = jb
  const scriptSwitch = viaLink ? <SwitchLink base={base} path="/portal/jobs/mine" query={{ code: view.code }} /> : <SwitchForm base={base} action="/portal/jobs/mine" fields={{ code: view.code }} />
  return (
    <PortalPage base={base} title={j.mineTitle} scriptSwitch={scriptSwitch}>
      <link rel="stylesheet" href={jobsCssHref} />
      <h1>{j.mineHeading}</h1>
      {flash ? (
        <Notice tone="ok" id="flash">
          <p>{flash}</p>
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="alert" id="error">
          <p>{error}</p>
        </Notice>
      ) : null}
      <h2>{j.mineSubs}</h2>
      {view.subscriptions.length ? (
        <ul class="subs" id="subscriptions">
          {view.subscriptions.map((s) => (
            <li class="row">
              <span>{s.what}</span>
              <Unsubscribe base={base} code={view.code} id={s.id} label={j.mineUnsubOne} />
            </li>
          ))}
        </ul>
      ) : (
        <p id="no-subscriptions">{j.mineNoSubs}</p>
      )}
      {view.subscriptions.length > 1 ? <Unsubscribe base={base} code={view.code} label={j.mineUnsubAll} /> : null}
      <h2>{j.minePushed}</h2>
      {view.pushed.length ? (
        <ol class="jobs" id="pushed">
          {view.pushed.map(({ p, open }) => (
            <PostingCard base={jb} p={p} note={open ? undefined : j.mineClosed} />
          ))}
        </ol>
      ) : (
        <p id="none-pushed">{j.minePushedNone}</p>
      )}
      <h2>{j.pjAdd}</h2>
      <SubscribeForm base={base} jb={jb} form={{ trade: '', place: '', pay: '', code: view.code }} label={j.pjAdd} />
      <a class="button quiet" href={href('/jobs', jb.keep)}>
        {j.mineBoard}
      </a>
    </PortalPage>
  )
}
