import type { Child, FC, PropsWithChildren } from 'hono/jsx'
import type { Script } from '../../../text/script.ts'
import { jobWords } from '../../jobs/copy.ts'
import { Layout } from '../../ui/layout.tsx'
import { fill, type Words } from '../copy.ts'

/** What every portal page knows: its words, the script, who the union is and its hot line. */
/** `time`: how the pages say a time (src/text/when.ts: the desk's zone, "11月25日 14:05"). */
export type PageBase = { w: Words; script: Script; brand: string; hotline: string; time: (d: Date) => string }

/** Each side of the switch is named in its own script, whichever the page is in. */
const SWITCH_LABEL = { hant: '繁體', hans: '简体' } as const

/** The 繁/简 switch as a link, for pages reached by GET: the choice is kept in a cookie. */
export const SwitchLink: FC<{ base: PageBase; path: string; query?: Record<string, string> }> = ({ base, path, query = {} }) => {
  const to = base.script === 'traditional' ? 'hans' : 'hant'
  const qs = new URLSearchParams({ ...query, zh: to }).toString()
  return (
    <a class="script" href={`${path}?${qs}`} lang={to === 'hant' ? 'zh-Hant' : 'zh-Hans'}>
      {to === 'hant' ? SWITCH_LABEL.hant : SWITCH_LABEL.hans}
    </a>
  )
}

/**
 * The switch as a small form, for a page that came from a POST (a case page): it posts the
 * hidden fields again with the other script, so the page comes back as it was. The access
 * code travels in the body, never in a URL.
 */
export const SwitchForm: FC<{ base: PageBase; action: string; fields: Record<string, string> }> = ({ base, action, fields }) => {
  const to = base.script === 'traditional' ? 'hans' : 'hant'
  return (
    <form method="post" action={action}>
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="zh" value={to} />
      <button type="submit" class="script" lang={to === 'hant' ? 'zh-Hant' : 'zh-Hans'}>
        {to === 'hant' ? SWITCH_LABEL.hant : SWITCH_LABEL.hans}
      </button>
    </form>
  )
}

export const PortalPage: FC<PropsWithChildren<{ base: PageBase; title: string; scriptSwitch?: Child }>> = ({ base, title, scriptSwitch, children }) => (
  <Layout
    title={title}
    script={base.script}
    brand={base.brand}
    home="/portal"
    scriptSwitch={scriptSwitch}
    footer={
      <>
        <p>
          {fill(base.w.hotlineShort, { hotline: '' })}
          <a href={`tel:${base.hotline}`}>{base.hotline}</a>
        </p>
        <p>
          <a href={base.script === 'traditional' ? '/jobs?zh=hant' : '/jobs'}>{jobWords(base.script).portalLink}</a>
        </p>
      </>
    }
  >
    {children}
  </Layout>
)

/**
 * The page's script, carried by its forms, so the next page keeps it where cookies are off.
 * `always`: also Simplified (on a case page, whose ticket may be in Traditional); otherwise
 * only Traditional, so that a Simplified page does not outvote the script the worker writes in.
 */
export const ScriptField: FC<{ base: PageBase; always?: boolean }> = ({ base, always }) =>
  base.script === 'traditional' || always ? <input type="hidden" name="zh" value={base.script === 'traditional' ? 'hant' : 'hans'} /> : null

/** The urgent line: the hot line, as a number a phone can call with one tap. */
export const Hotline: FC<{ base: PageBase }> = ({ base }) => {
  const [before, after = ''] = base.w.hotline.split('{hotline}')
  return (
    <div class="box urgent">
      <p>
        {before}
        <a href={`tel:${base.hotline}`}>{base.hotline}</a>
        {after}
      </p>
    </div>
  )
}
