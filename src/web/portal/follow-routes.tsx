import { Hono, type Context } from 'hono'
import { acceptWebMessage } from '../../channels/web-intake.ts'
import { ticketNumberPattern, type RequesterConversation } from '../../desk/tickets/index.ts'
import { Satisfaction, satisfactionLabels } from '../../desk/vocabulary.ts'
import type { AppEnv } from '../../http/env.ts'
import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import { MessageRequest } from '../../http/messages.ts'
import { formFields, isOneTimeId, oneTimeId, privatePage, waitInWords } from '../ui/forms.ts'
import { fieldErrors, followUrl } from './ask-routes.tsx'
import { fill } from './copy.ts'
import { failure, inPageScript, keysFrom, lookUp, scriptFor, type Keys, type Portal } from './context.ts'
import { CreatedPage } from './pages/created.tsx'
import type { PageBase } from './pages/frame.tsx'
import { CasePage, FollowPage } from './pages/follow.tsx'

type Shown = { view: RequesterConversation; keys: Keys; flash?: string; error?: string; text?: string; status?: 200 | 400 | 429 }

/**
 * /portal/follow: a worker opens their request with its number and code (always in a POST
 * body, never a URL), reads the conversation, adds to it or answers the cadre, and rates it
 * once it is closed. Every action goes through the same intake as the API; a wrong number or
 * code is one neutral answer, whichever was wrong.
 */
export function followRoutes(portal: Portal, limits: RateLimits, clientAddress: ClientAddress) {
  const { desk } = portal
  const app = new Hono<AppEnv>()

  const retryAfter = (c: Context, seconds: number) => c.header('Retry-After', String(Math.max(1, Math.ceil(seconds))))
  const neutral = (c: Context, base: PageBase, keys: Keys) => c.html(<FollowPage base={base} number={keys.number} error={base.w.errNotFound} />, 404)
  const show = async (c: Context, f: Record<string, string>, s: Shown) => {
    const base = await portal.base(scriptFor(c, { chosen: f.zh, fallback: s.view.script }))
    const draft = { text: s.text ?? '', cid: s.text && isOneTimeId(f.cid) ? f.cid : oneTimeId(), rateCid: oneTimeId() }
    const flash = s.flash ? inPageScript(s.flash, base.script) : undefined
    return c.html(<CasePage base={base} keys={s.keys} view={s.view} draft={draft} flash={flash} error={s.error} />, s.status ?? 200)
  }
  /**
   * Every route that takes a number and code counts the look-up per address (the status
   * limit, as the status API does) before anything is looked up, so codes cannot be guessed
   * through any of them. Over the limit: the form again, with nothing of the case.
   */
  const lookUpRefused = async (c: Context<AppEnv>, f: Record<string, string>, keys: Keys) => {
    const verdict = await limits.take('status', clientAddress(c))
    if (verdict.allowed) return null
    retryAfter(c, verdict.retryAfterSeconds)
    c.get('logger').info({ limit: 'status', retryAfterSeconds: verdict.retryAfterSeconds }, 'portal: over a rate limit')
    const base = await portal.base(scriptFor(c, { chosen: f.zh }))
    return c.html(<FollowPage base={base} number={keys.number} error={fill(base.w.errTooManyLookups, { wait: waitInWords(verdict.retryAfterSeconds) })} />, 429)
  }
  /** Too many messages from this address (web_intake): refused before the look-up too, so the page shows nothing of the case. */
  const intakeRefused = async (c: Context<AppEnv>, f: Record<string, string>, keys: Keys) => {
    const verdict = await limits.take('web_intake', clientAddress(c))
    if (verdict.allowed) return null
    retryAfter(c, verdict.retryAfterSeconds)
    const base = await portal.base(scriptFor(c, { chosen: f.zh }))
    return c.html(<FollowPage base={base} number={keys.number} error={fill(base.w.errTooManyFromHere, { wait: waitInWords(verdict.retryAfterSeconds), hotline: base.hotline })} />, 429)
  }
  /** The page for a failure: the form again when it is the pair, else the case page with a line saying what to do. */
  const failed = async (c: Context<AppEnv>, f: Record<string, string>, keys: Keys, err: unknown) => {
    const { kind, status } = failure(err, c)
    const base = await portal.base(scriptFor(c, { chosen: f.zh }))
    if (kind === 'not_found') return neutral(c, base, keys)
    const error = kind === 'busy' ? base.w.errBusy : fill(base.w.errBroken, { hotline: base.hotline })
    return c.html(<FollowPage base={base} number={keys.number} error={error} />, status)
  }

  app.get('/follow', async (c) => {
    privatePage(c)
    const n = (c.req.query('n') ?? '').toUpperCase()
    return c.html(<FollowPage base={await portal.base(scriptFor(c))} number={ticketNumberPattern.test(n) ? n : ''} />)
  })

  app.post('/follow', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const keys = keysFrom(f)
    const refused = await lookUpRefused(c, f, keys)
    if (refused) return refused
    try {
      const view = await lookUp(desk, keys)
      if (!view) return neutral(c, await portal.base(scriptFor(c, { chosen: f.zh })), keys)
      return await show(c, f, { view, keys })
    } catch (err) {
      return failed(c, f, keys, err)
    }
  })

  app.post('/follow/message', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const keys = keysFrom(f)
    const text = f.text ?? ''
    try {
      // Limits before the look-up: per address (look-ups, then messages), then (in acceptWebMessage) per request.
      const refused = (await lookUpRefused(c, f, keys)) ?? (await intakeRefused(c, f, keys))
      if (refused) return refused
      const view = await lookUp(desk, keys)
      if (!view) return neutral(c, await portal.base(scriptFor(c, { chosen: f.zh })), keys)
      const base = await portal.base(scriptFor(c, { chosen: f.zh, fallback: view.script }))
      const parsed = MessageRequest.safeParse({ text, clientMessageId: isOneTimeId(f.cid) ? f.cid : undefined, ticketNumber: keys.number, accessCode: keys.code })
      if (!parsed.success) return show(c, f, { view, keys, text, status: 400, error: fieldErrors(parsed.error, base.w).text ?? base.w.errTextEmpty })
      const intake = await acceptWebMessage(desk, limits, parsed.data)
      if (!intake.accepted) {
        retryAfter(c, intake.retryAfterSeconds)
        return show(c, f, { view, keys, text, status: 429, error: fill(base.w.errTooManyToTicket, { wait: waitInWords(intake.retryAfterSeconds) }) })
      }
      const result = intake.result
      c.get('logger').info({ ticket: result.ticketNumber, outcome: result.outcome, duplicate: result.duplicate }, 'portal: message accepted')
      // The request had closed meanwhile, so this opened a new one: it has its own number and code.
      if (result.accessCode && result.ticketNumber) {
        return c.html(<CreatedPage base={base} number={result.ticketNumber} code={result.accessCode} reply={inPageScript(result.reply, base.script)} followUrl={followUrl(c, desk.config.PUBLIC_URL)} />, 201)
      }
      return show(c, f, { view: (await lookUp(desk, keys)) ?? view, keys, flash: result.reply })
    } catch (err) {
      return failed(c, f, keys, err)
    }
  })

  app.post('/follow/rating', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const keys = keysFrom(f)
    try {
      const refused = (await lookUpRefused(c, f, keys)) ?? (await intakeRefused(c, f, keys))
      if (refused) return refused
      const view = await lookUp(desk, keys)
      if (!view) return neutral(c, await portal.base(scriptFor(c, { chosen: f.zh })), keys)
      const rating = Satisfaction.safeParse(f.rating)
      // Rated already (a second tap), or not closed: the page as it is. A rating is never taken as a new matter.
      if (!rating.success || !view.canRate) return show(c, f, { view, keys })
      const base = await portal.base(scriptFor(c, { chosen: f.zh, fallback: view.script }))
      // The same path as a worker typing 满意 on any channel: intake takes it as the answer to the question asked at closing.
      const intake = await acceptWebMessage(desk, limits, {
        text: satisfactionLabels[rating.data], ticketNumber: keys.number, accessCode: keys.code, ...(isOneTimeId(f.cid) ? { clientMessageId: f.cid } : {}),
      })
      if (!intake.accepted) {
        retryAfter(c, intake.retryAfterSeconds)
        return show(c, f, { view, keys, status: 429, error: fill(base.w.errTooManyToTicket, { wait: waitInWords(intake.retryAfterSeconds) }) })
      }
      c.get('logger').info({ ticket: keys.number, outcome: intake.result.outcome, duplicate: intake.result.duplicate }, 'portal: rating accepted')
      return show(c, f, { view: (await lookUp(desk, keys)) ?? view, keys, flash: intake.result.reply })
    } catch (err) {
      return failed(c, f, keys, err)
    }
  })

  return app
}
