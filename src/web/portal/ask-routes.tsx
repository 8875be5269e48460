import { recordConsent } from '../../desk/tickets/index.ts'
import { Hono, type Context } from 'hono'
import type { z } from 'zod'
import { acceptWebMessage } from '../../channels/web-intake.ts'
import type { AppEnv } from '../../http/env.ts'
import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import { MessageRequest } from '../../http/messages.ts'
import { formFields, isOneTimeId, oneTimeId, privatePage, waitInWords } from '../ui/forms.ts'
import { fill, type Words } from './copy.ts'
import { failure, inPageScript, scriptFor, type Portal } from './context.ts'
import { AskPage, PrivacyPage, type AskErrors, type AskForm } from './pages/ask.tsx'
import { AskedPage } from './pages/asked.tsx'
import { CreatedPage, DuplicatePage } from './pages/created.tsx'

/** The API's own checks on a message (MessageRequest), said in the portal's words. */
export function fieldErrors(error: z.ZodError, w: Words): AskErrors & { keys?: true } {
  const out: AskErrors & { keys?: true } = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '')
    if (field === 'text') out.text ??= issue.code === 'too_big' ? w.errTextLong : w.errTextEmpty
    else if (field === 'name') out.name ??= w.errName
    else if (field === 'phone') out.phone ??= w.errPhone
    else if (field === 'ticketNumber' || field === 'accessCode') out.keys = true
  }
  return out
}

export const followUrl = (c: Context, publicUrl?: string) => `${publicUrl ? new URL(publicUrl).origin : new URL(c.req.url).origin}/portal/follow`

/** GET and POST /portal: asking the union for help, which opens a web request. */
export function askRoutes(portal: Portal, limits: RateLimits, clientAddress: ClientAddress) {
  const { desk } = portal
  const app = new Hono<AppEnv>()
  const blank = (): AskForm => ({ text: '', name: '', phone: '', agree: false, sensitive: false, cid: oneTimeId() })

  app.get('/', async (c) => {
    privatePage(c)
    return c.html(<AskPage base={await portal.base(scriptFor(c))} form={blank()} />)
  })

  // The full notice the chat channels link to from their two-sentence one.
  app.get('/privacy', async (c) => c.html(<PrivacyPage base={await portal.base(scriptFor(c))} />))

  app.post('/', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const form: AskForm = {
      text: f.text ?? '', name: f.name ?? '', phone: f.phone ?? '',
      agree: f.agree === 'yes', sensitive: f.sensitive === 'yes',
      // The same id on a re-shown form: a later successful post is still taken once.
      cid: isOneTimeId(f.cid) ? f.cid : oneTimeId(),
    }
    const base = await portal.base(scriptFor(c, { chosen: f.zh, wrote: form.text }))
    const { w } = base
    const again = (errors: AskErrors, status: 400 | 413 | 429 | 500 | 503) => c.html(<AskPage base={base} form={form} errors={errors} />, status)

    // As the API: the address's allowance is taken before anything else, so a flood of bad posts counts too.
    const verdict = await limits.take('web_intake', clientAddress(c))
    if (!verdict.allowed) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterSeconds))))
      c.get('logger').info({ limit: 'web_intake' }, 'portal: over a rate limit')
      return again({ form: fill(w.errTooManyFromHere, { wait: waitInWords(verdict.retryAfterSeconds), hotline: base.hotline }) }, 429)
    }
    if (!form.agree) return again({ agree: w.errNoConsent }, 400)
    // An answer to the desk's question: a tapped choice, or what they typed.
    const conversation = f.conversation || undefined
    const text = conversation && f.choice ? f.choice : form.text
    const parsed = MessageRequest.safeParse({
      text, name: form.name.trim() || undefined, phone: form.phone.trim() || undefined, clientMessageId: form.cid, conversation,
    })
    if (!parsed.success) return again(fieldErrors(parsed.error, w), 400)

    let intake: Awaited<ReturnType<typeof acceptWebMessage>>
    try {
      intake = await acceptWebMessage(desk, limits, { ...parsed.data, sensitiveConsent: form.sensitive })
    } catch (err) {
      const { kind, status } = failure(err, c)
      return again({ form: kind === 'busy' ? w.errBusy : fill(w.errBroken, { hotline: base.hotline }) }, status === 503 ? 503 : 500)
    }
    // A new request is never limited per ticket; the branch keeps the types honest.
    if (!intake.accepted) return again({ form: fill(w.errTooManyFromHere, { wait: waitInWords(intake.retryAfterSeconds), hotline: base.hotline }) }, 429)
    const result = intake.result
    c.get('logger').info({ ticket: result.ticketNumber, outcome: result.outcome, duplicate: result.duplicate }, 'portal: request accepted')
    const reply = inPageScript(result.reply, base.script)
    // Nothing opened yet: the desk asked what it is about. The answer continues the same conversation.
    if (result.conversation) {
      const carried = { conversation: result.conversation, name: form.name, phone: form.phone, sensitive: form.sensitive, cid: oneTimeId() }
      return c.html(<AskedPage base={base} reply={reply} carried={carried} />, 200)
    }
    if (result.accessCode && result.ticketNumber) {
      await recordConsent(desk, { number: result.ticketNumber, sensitive: form.sensitive, via: 'portal' })
      return c.html(<CreatedPage base={base} number={result.ticketNumber} code={result.accessCode} reply={reply} followUrl={followUrl(c, desk.config.PUBLIC_URL)} />, 201)
    }
    // The same form again: answered like the API's duplicate, with the number and without the code.
    return c.html(<DuplicatePage base={base} number={result.ticketNumber ?? ''} reply={reply} />, 200)
  })

  return app
}
