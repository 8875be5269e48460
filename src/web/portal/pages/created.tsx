import type { FC } from 'hono/jsx'
import { Notice, Paragraphs } from '../../ui/layout.tsx'
import { fill } from '../copy.ts'
import { Hotline, PortalPage, ScriptField, type PageBase } from './frame.tsx'

/** The key to a request: its number and, when the request was opened just now, its code. */
const Keys: FC<{ base: PageBase; number: string; code?: string }> = ({ base, number, code }) => (
  <dl class="key box">
    <dt>{base.w.keyNumber}</dt>
    <dd id="ticket-number">{number}</dd>
    {code ? (
      <>
        <dt>{base.w.keyCode}</dt>
        <dd id="access-code">{code}</dd>
      </>
    ) : null}
  </dl>
)

/** A button that opens the case page; the code goes in the body of a POST, never in the URL. */
export const OpenCase: FC<{ base: PageBase; number: string; code: string; label: string; quiet?: boolean }> = ({ base, number, code, label, quiet }) => (
  <form method="post" action="/portal/follow">
    <input type="hidden" name="number" value={number} />
    <input type="hidden" name="code" value={code} />
    <ScriptField base={base} />
    <button type="submit" class={quiet ? 'quiet' : undefined}>
      {label}
    </button>
  </form>
)

/** POST /portal opened a request: the number and the code, shown this once, and how to keep them. */
export const CreatedPage: FC<{ base: PageBase; number: string; code: string; reply: string; followUrl: string }> = ({ base, number, code, reply, followUrl }) => {
  const { w } = base
  return (
    <PortalPage base={base} title={w.createdTitle}>
      <h1>{w.createdHeading}</h1>
      <Keys base={base} number={number} code={code} />
      <Notice tone="alert">
        <p>{w.codeOnce}</p>
        <p>{w.codeSecret}</p>
      </Notice>
      <div class="box">
        <Paragraphs text={reply} />
      </div>
      <OpenCase base={base} number={number} code={code} label={w.followNow} />
      <p class="hint">{fill(w.followLater, { url: followUrl })}</p>
      <Hotline base={base} />
    </PortalPage>
  )
}

/** The same form posted again (a double tap, a reload): the request it opened, and no second one. */
export const DuplicatePage: FC<{ base: PageBase; number: string; reply: string }> = ({ base, number, reply }) => {
  const { w } = base
  return (
    <PortalPage base={base} title={w.duplicateTitle}>
      <h1>{w.duplicateHeading}</h1>
      <Keys base={base} number={number} />
      <p>{w.duplicateLead}</p>
      <div class="box">
        <Paragraphs text={reply} />
      </div>
      <a class="button" href={`/portal/follow?${new URLSearchParams({ n: number })}`}>
        {w.followNow}
      </a>
    </PortalPage>
  )
}
