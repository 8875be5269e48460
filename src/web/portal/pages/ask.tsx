import type { FC } from 'hono/jsx'
import { Notice } from '../../ui/layout.tsx'
import { fill } from '../copy.ts'
import { Hotline, PortalPage, ScriptField, SwitchLink, type PageBase } from './frame.tsx'

/** What the worker typed, given back when the form comes back with an error. */
export type AskForm = { text: string; name: string; phone: string; agree: boolean; sensitive: boolean; cid: string }
export type AskErrors = Partial<Record<'form' | 'text' | 'name' | 'phone' | 'agree', string>>

/** GET /portal, and the same form again (with what they typed) when something needs fixing. */
export const AskPage: FC<{ base: PageBase; form: AskForm; errors?: AskErrors }> = ({ base, form, errors = {} }) => {
  const { w } = base
  const first = errors.form ?? errors.agree ?? errors.text ?? errors.name ?? errors.phone
  return (
    <PortalPage base={base} title={w.askTitle} scriptSwitch={<SwitchLink base={base} path="/portal" />}>
      <h1>{w.askHeading}</h1>
      <p class="lead">{w.askLead}</p>
      <Hotline base={base} />
      {first ? (
        <Notice tone="alert" id="error">
          <p>{first}</p>
        </Notice>
      ) : null}
      <form method="post" action="/portal" accept-charset="utf-8">
        <input type="hidden" name="cid" value={form.cid} />
        <ScriptField base={base} />
        <label for="text">{w.textLabel}</label>
        <p class="hint" id="text-hint">
          {w.textHint}
        </p>
        <textarea id="text" name="text" rows={7} required aria-describedby="text-hint" aria-invalid={errors.text ? 'true' : undefined}>
          {form.text}
        </textarea>
        <label for="name">{w.nameLabel}</label>
        <input type="text" id="name" name="name" value={form.name} autocomplete="name" aria-invalid={errors.name ? 'true' : undefined} />
        <label for="phone">{w.phoneLabel}</label>
        <input type="tel" id="phone" name="phone" value={form.phone} autocomplete="tel" inputmode="tel" aria-invalid={errors.phone ? 'true' : undefined} />

        <section class="box privacy" aria-labelledby="privacy">
          <h2 id="privacy">{w.privacyHeading}</h2>
          <PrivacyPoints base={base} />
          <label class="check">
            <input type="checkbox" name="agree" value="yes" required checked={form.agree} aria-invalid={errors.agree ? 'true' : undefined} />
            <span>{w.agreeLabel}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="sensitive" value="yes" checked={form.sensitive} />
            <span>{w.sensitiveLabel}</span>
          </label>
          {form.sensitive ? null : <p class="hint">{w.sensitiveHint}</p>}
        </section>
        <button type="submit">{w.submit}</button>
      </form>
    </PortalPage>
  )
}

const PrivacyPoints: FC<{ base: PageBase }> = ({ base: { w } }) => (
  <ul>
    <li>{w.privacyKeep}</li>
    <li>{w.privacyWhy}</li>
    <li>{w.privacyWho}</li>
    <li>{w.privacySealed}</li>
  </ul>
)

/** GET /portal/privacy: what the desk keeps, why, who sees it, and how to have it deleted. */
export const PrivacyPage: FC<{ base: PageBase }> = ({ base }) => (
  <PortalPage base={base} title={base.w.privacyTitle}>
    <h1>{base.w.privacyHeading}</h1>
    <div class="box privacy">
      <PrivacyPoints base={base} />
      <p>{fill(base.w.privacyMore, { hotline: base.hotline })}</p>
    </div>
    <a class="button" href="/portal">{base.w.askHeading}</a>
  </PortalPage>
)
