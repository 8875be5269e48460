import { Hono, type Context } from 'hono'
import {
  countMatchingOpen, findRegion, isOpen, MAX_SUBSCRIPTIONS, parseSubscriptionRequest, portalSubscriber, subscribeOnPortal, unsubscribeOnPortal,
} from '../../desk/postings/index.ts'
import type { Desk } from '../../desk/desk.ts'
import type { AppEnv } from '../../http/env.ts'
import type { ClientAddress, LimitKind, RateLimits } from '../../http/limits.ts'
import type { Script } from '../../text/script.ts'
import { fill, PAY_FLOORS } from '../jobs/copy.ts'
import { jobsContext } from '../jobs/context.ts'
import { formFields, privatePage, waitInWords } from '../ui/forms.ts'
import { inPageScript, portalContext, scriptFor } from './context.ts'
import { MineLookUpPage, MinePage } from './pages/jobs-mine.tsx'
import { SubscribedPage, SubscribePage, type JobsForm } from './pages/jobs-subscribe.tsx'

const tidy = (v: string | undefined, max: number) => (v ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, max)
/** A code as typed (spaces, dashes, lower case are the domain's to forgive); longer than this is not one. */
const codeOf = (v: string | undefined) => {
  const code = (v ?? '').trim()
  return code.length >= 6 && code.length <= 20 ? code : ''
}

type Shown = { code: string; viaLink: boolean; flash?: string; error?: string; status?: 200 | 201 | 409 | 429 }

/**
 * /portal/jobs: subscribing to job postings without an account. The form takes trade words,
 * a place and a pay floor; the first subscription gives a code, shown once, that opens the
 * subscriber's page (/portal/jobs/mine) with what they subscribed to and the postings put
 * there for them, where they add more or unsubscribe. A wrong code opens the same page as
 * none. Subscribing counts against web_intake, opening a code against status, per address.
 */
export function portalJobRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const portal = portalContext(desk)
  const jobs = jobsContext(desk)
  const app = new Hono<AppEnv>()
  const bases = async (script: Script) => ({ base: await portal.base(script), jb: await jobs.base(script) })

  /** The allowance for this address, or the page that says to wait. */
  const allowed = async (c: Context<AppEnv>, kind: LimitKind, script: Script) => {
    const verdict = await limits.take(kind, clientAddress(c))
    if (verdict.allowed) return null
    c.header('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterSeconds))))
    c.get('logger').info({ limit: kind }, 'portal jobs: over a rate limit')
    const { base } = await bases(script)
    const wait = waitInWords(verdict.retryAfterSeconds)
    return kind === 'status' ? fill(base.w.errTooManyLookups, { wait }) : fill(base.w.errTooManyFromHere, { wait, hotline: base.hotline })
  }

  const lookUpPage = async (c: Context<AppEnv>, script: Script, error?: string, status: 200 | 404 | 429 = 200) => {
    const { base, jb } = await bases(script)
    return c.html(<MineLookUpPage base={base} jb={jb} error={error} />, status)
  }

  /** The subscriber's page for a code, or the look-up page (404) when the code opens nothing. */
  const mine = async (c: Context<AppEnv>, zh: string | undefined, s: Shown) => {
    const subscriber = s.code ? await portalSubscriber(desk, s.code) : null
    if (!subscriber) {
      const script = scriptFor(c, { chosen: zh })
      return lookUpPage(c, script, (await jobs.base(script)).j.mineNotFound, 404)
    }
    const script = scriptFor(c, { chosen: zh, wrote: subscriber.subscriptions.map((x) => x.what).join('') })
    const { base, jb } = await bases(script)
    const now = desk.now()
    const view = {
      code: s.code,
      subscriptions: subscriber.subscriptions.map((x) => ({ id: x.id, what: inPageScript(x.what, script) })),
      pushed: subscriber.pushed.map((p) => ({ p, open: isOpen(p, now) })),
    }
    return c.html(<MinePage base={base} jb={jb} view={view} viaLink={s.viaLink} flash={s.flash} error={s.error} />, s.status ?? 200)
  }

  app.get('/jobs', async (c) => {
    privatePage(c)
    const { base, jb } = await bases(scriptFor(c))
    return c.html(<SubscribePage base={base} jb={jb} form={{ trade: '', place: '', pay: '' }} />)
  })

  app.post('/jobs', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const form: JobsForm = { trade: tidy(f.trade, 30), place: tidy(f.place, 30), pay: PAY_FLOORS.map(String).includes(f.pay ?? '') ? f.pay! : '', code: codeOf(f.code) || undefined }
    const script = scriptFor(c, { chosen: f.zh, wrote: `${form.trade}${form.place}` })
    const { base, jb } = await bases(script)
    const { j } = jb
    const again = (error: string, status: 400 | 409 | 429) => c.html(<SubscribePage base={base} jb={jb} form={form} error={error} />, status)

    const wait = await allowed(c, 'web_intake', script)
    if (wait) return again(wait, 429)
    if (!form.trade && !form.place) return again(j.pjErrHelp, 400)
    // Words the matcher does not know would be dropped without a word, widening what is pushed: say so instead.
    if (form.trade && parseSubscriptionRequest(form.trade).terms.length === 0) return again(fill(j.pjErrTrade, { words: form.trade }), 400)
    if (form.place && !findRegion(form.place)) return again(fill(j.pjErrPlace, { place: form.place }), 400)
    // A code that opens nothing is the same as none: this subscription then gets a code of its own.
    const code = form.code && (await portalSubscriber(desk, form.code)) ? form.code : undefined
    const { outcome, code: fresh } = await subscribeOnPortal(desk, { trade: form.trade, place: form.place, payFloor: form.pay ? Number(form.pay) : null }, code)
    c.get('logger').info({ outcome: outcome.kind, fresh: !!fresh }, 'portal: job subscription')
    switch (outcome.kind) {
      case 'subscribed': {
        const what = inPageScript(outcome.what, script)
        if (!fresh) return mine(c, f.zh, { code: code!, viaLink: false, flash: fill(j.flashSubscribed, { what }), status: 201 })
        const openCount = await countMatchingOpen(desk.db, outcome.subscription, desk.now())
        return c.html(<SubscribedPage base={base} jb={jb} what={what} code={fresh} openCount={openCount} />, 201)
      }
      case 'same':
        if (code) return mine(c, f.zh, { code, viaLink: false, error: fill(j.pjErrSame, { what: inPageScript(outcome.what, script) }), status: 409 })
        return again(fill(j.pjErrSame, { what: inPageScript(outcome.what, script) }), 409)
      case 'limit':
        if (code) return mine(c, f.zh, { code, viaLink: false, error: fill(j.pjErrLimit, { max: MAX_SUBSCRIPTIONS }), status: 409 })
        return again(fill(j.pjErrLimit, { max: MAX_SUBSCRIPTIONS }), 409)
      case 'unclear':
        return again(fill(j.pjErrTrade, { words: outcome.unknownWords.join('、') }), 400)
      case 'help':
        return again(j.pjErrHelp, 400)
    }
  })

  app.get('/jobs/mine', async (c) => {
    privatePage(c)
    const typed = c.req.query('code')
    if (typed === undefined) return lookUpPage(c, scriptFor(c))
    const wait = await allowed(c, 'status', scriptFor(c))
    if (wait) return lookUpPage(c, scriptFor(c), wait, 429)
    return mine(c, undefined, { code: codeOf(typed), viaLink: true })
  })

  app.post('/jobs/mine', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const wait = await allowed(c, 'status', scriptFor(c, { chosen: f.zh }))
    if (wait) return lookUpPage(c, scriptFor(c, { chosen: f.zh }), wait, 429)
    return mine(c, f.zh, { code: codeOf(f.code), viaLink: false })
  })

  app.post('/jobs/mine/unsubscribe', async (c) => {
    privatePage(c)
    const f = await formFields(c)
    const code = codeOf(f.code)
    const wait = await allowed(c, 'status', scriptFor(c, { chosen: f.zh }))
    if (wait) return lookUpPage(c, scriptFor(c, { chosen: f.zh }), wait, 429)
    const id = f.all === 'yes' ? undefined : /^[a-z0-9]{10,40}$/.test(f.id ?? '') ? f.id : null
    if (id === null || !code) return mine(c, f.zh, { code, viaLink: false })
    const outcome = await unsubscribeOnPortal(desk, code, id)
    if (!outcome) return mine(c, f.zh, { code: '', viaLink: false })
    const { j } = await jobs.base(scriptFor(c, { chosen: f.zh }))
    const flash = outcome.kind === 'none' ? j.flashNothing : id ? fill(j.flashUnsubscribed, { what: inPageScript(outcome.what, scriptFor(c, { chosen: f.zh })) }) : j.flashUnsubAll
    return mine(c, f.zh, { code, viaLink: false, flash })
  })

  return app
}
