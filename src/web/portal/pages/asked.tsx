import type { FC } from 'hono/jsx'
import { Paragraphs } from '../../ui/layout.tsx'
import { categoryChoices } from '../../../desk/conversation/index.ts'
import { Hotline, PortalPage, ScriptField, type PageBase } from './frame.tsx'

/** What the worker typed before the question, carried to the answer so nothing is asked twice. */
export type Carried = { conversation: string; name: string; phone: string; sensitive: boolean; cid: string }

// The words of the desk's own question (prompts/replies/ask-category.md), in both scripts.
const choiceLabels = { simplified: ['欠薪', '劳动纠纷', '找工作', '生活困难', '其他'], traditional: ['欠薪', '勞動糾紛', '找工作', '生活困難', '其他'] }
const labelOf = (base: PageBase, i: number) => choiceLabels[base.script][i]

/**
 * POST /portal could not tell what the request is about ("在吗", a few letters): the desk's
 * question, the choices as buttons, and a box for the answer in the worker's own words. The
 * conversation key travels in the form, never in the address.
 */
export const AskedPage: FC<{ base: PageBase; reply: string; carried: Carried }> = ({ base, reply, carried }) => {
  const { w } = base
  return (
    <PortalPage base={base} title={w.askedTitle}>
      <h1>{w.askedHeading}</h1>
      <div class="box" id="desk-reply">
        <Paragraphs text={reply} />
      </div>
      <form method="post" action="/portal" accept-charset="utf-8">
        <input type="hidden" name="conversation" value={carried.conversation} />
        <input type="hidden" name="cid" value={carried.cid} />
        <input type="hidden" name="name" value={carried.name} />
        <input type="hidden" name="phone" value={carried.phone} />
        <input type="hidden" name="agree" value="yes" />
        {carried.sensitive ? <input type="hidden" name="sensitive" value="yes" /> : null}
        <ScriptField base={base} />
        <p>{w.askedChoices}</p>
        <div class="choices">
          {categoryChoices.map((c, i) => (
            <button type="submit" name="choice" value={c.words[0]} class="quiet">
              {c.words[0]} {labelOf(base, i)}
            </button>
          ))}
        </div>
        <label for="text">{w.askedReply}</label>
        <textarea id="text" name="text" rows={4}></textarea>
        <button type="submit">{w.askedSend}</button>
      </form>
      <Hotline base={base} />
    </PortalPage>
  )
}
