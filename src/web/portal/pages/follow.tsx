import type { FC } from 'hono/jsx'
import type { RequesterConversation, RequesterMessage } from '../../../desk/tickets/index.ts'
import { satisfactionLabels, type Satisfaction } from '../../../desk/vocabulary.ts'
import { inScript } from '../../../text/script.ts'
import { Notice, Paragraphs } from '../../ui/layout.tsx'
import { fill, type Words } from '../copy.ts'
import { PortalPage, ScriptField, SwitchForm, SwitchLink, type PageBase } from './frame.tsx'

/** GET /portal/follow: number and code. Also the answer to a wrong pair: one neutral line, whichever was wrong. */
export const FollowPage: FC<{ base: PageBase; number: string; code?: string; error?: string }> = ({ base, number, code = '', error }) => {
  const { w } = base
  return (
    <PortalPage base={base} title={w.followTitle} scriptSwitch={<SwitchLink base={base} path="/portal/follow" query={number ? { n: number } : {}} />}>
      <h1>{w.followHeading}</h1>
      <p class="lead">{w.followLead}</p>
      {error ? (
        <Notice tone="alert" id="error">
          <p>{error}</p>
        </Notice>
      ) : null}
      <form method="post" action="/portal/follow">
        <ScriptField base={base} />
        <label for="number">{w.numberLabel}</label>
        <input type="text" id="number" name="number" value={number} placeholder="NJ-261125-0001" autocomplete="off" autocapitalize="characters" spellcheck={false} required />
        <label for="code">{w.codeLabel}</label>
        <input type="text" id="code" name="code" value={code} autocomplete="off" autocapitalize="characters" spellcheck={false} required />
        <button type="submit">{w.lookUp}</button>
      </form>
      <p class="hint">{fill(w.lostCode, { hotline: base.hotline })}</p>
      <p>
        <a href="/portal">{w.newRequest}</a>
      </p>
    </PortalPage>
  )
}

const who = (w: Words, m: RequesterMessage) =>
  m.from === 'worker' ? w.fromWorker : m.kind === 'question' ? (m.from === 'desk' ? w.fromDeskQuestion : w.fromCadreQuestion) : m.from === 'cadre' ? w.fromCadreReply : w.fromDesk

/** What the worker and the union said to each other, oldest first; every text escaped as written. */
const Talk: FC<{ w: Words; messages: RequesterMessage[]; time: PageBase['time']; script: PageBase['script'] }> = ({ w, messages, time, script }) =>
  messages.length ? (
    <ol class="talk">
      {messages.map((m) => (
        <li class={m.from}>
          <div class="who">
            <span>{who(w, m)}</span>
            <time datetime={m.at.toISOString()}>{time(m.at)}</time>
          </div>
          {/* The worker's words as they wrote them; the union's in the worker's script. */}
          <p class="text">{m.from === 'worker' ? m.text : inScript(m.text, script)}</p>
        </li>
      ))}
    </ol>
  ) : (
    <p>{w.talkEmpty}</p>
  )

export type CaseKeys = { number: string; code: string }
export type CaseDraft = { text: string; cid: string; rateCid: string }

/**
 * POST /portal/follow and after each action there: where the request stands, the
 * conversation, a box to add to it or answer the cadre, and once it is closed the three
 * rating buttons. The number and code ride along as hidden fields of every form.
 */
export const CasePage: FC<{ base: PageBase; keys: CaseKeys; view: RequesterConversation; draft: CaseDraft; flash?: string; error?: string }> = ({
  base, keys, view, draft, flash, error,
}) => {
  const { w, script } = base
  const hidden = (
    <>
      <input type="hidden" name="number" value={keys.number} />
      <input type="hidden" name="code" value={keys.code} />
      <ScriptField base={base} always />
    </>
  )
  const closed = view.status === 'closed'
  return (
    <PortalPage base={base} title={w.followTitle} scriptSwitch={<SwitchForm base={base} action="/portal/follow" fields={{ number: keys.number, code: keys.code }} />}>
      <h1>{fill(w.caseHeading, { number: view.number })}</h1>
      <div class="box" id="status">
        <p class="status">{inScript(view.statusLabel, script)}</p>
        {view.expectedByText ? <p>{fill(w.expectBy, { when: inScript(view.expectedByText, script) })}</p> : null}
        {view.status === 'waiting_worker' ? <p>{w.waitingYou}</p> : null}
        {closed ? <p>{w.closedLine}</p> : null}
      </div>
      {error ? (
        <Notice tone="alert" id="error">
          <p>{error}</p>
        </Notice>
      ) : null}
      {flash ? (
        <Notice tone="ok" id="flash">
          <Paragraphs text={flash} />
        </Notice>
      ) : null}
      <h2>{w.talkHeading}</h2>
      <Talk w={w} messages={view.messages} time={base.time} script={base.script} />
      {closed ? null : (
        <form method="post" action="/portal/follow/message">
          {hidden}
          <input type="hidden" name="cid" value={draft.cid} />
          <label for="text">{view.status === 'waiting_worker' ? w.answerHeading : w.addHeading}</label>
          <p class="hint">{w.addHint}</p>
          <textarea id="text" name="text" rows={5} required>
            {draft.text}
          </textarea>
          <button type="submit">{w.send}</button>
        </form>
      )}
      {view.canRate ? (
        <form method="post" action="/portal/follow/rating" class="box">
          {hidden}
          <input type="hidden" name="cid" value={draft.rateCid} />
          <h2>{w.rateHeading}</h2>
          <p class="hint">{w.rateHint}</p>
          <div class="rate">
            {(Object.keys(satisfactionLabels) as Satisfaction[]).map((r, i) => (
              <button type="submit" name="rating" value={r} class={i === 0 ? undefined : 'quiet'}>
                {inScript(satisfactionLabels[r], script)}
              </button>
            ))}
          </div>
        </form>
      ) : null}
      {view.satisfaction ? <p id="rated">{fill(w.ratedLine, { label: inScript(satisfactionLabels[view.satisfaction], script) })}</p> : null}
      {closed && !view.canRate ? (
        <p>
          <a href="/portal">{w.anotherMatter}</a>
        </p>
      ) : null}
      <p class="hint">{w.keepKeys}</p>
    </PortalPage>
  )
}
