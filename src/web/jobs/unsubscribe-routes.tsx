import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { activeSubscriptions, describeSubscription, subscriptionOfToken, unsubscribeByLink } from '../../desk/postings/index.ts'
import type { AppEnv } from '../../http/env.ts'
import { detectScript } from '../../text/script.ts'
import { formFields, privatePage, sameOriginForms } from '../ui/forms.ts'
import { boardScript, type Jobs } from './context.ts'
import { JobsRefusal } from './pages/posting.tsx'
import { UnsubscribedAllPage, UnsubscribedPage } from './pages/unsubscribe.tsx'

/** A token is an id and a 22-character tag; anything much longer is not one of ours. */
const MAX_TOKEN = 80

/**
 * /jobs/unsubscribe/:token, the link at the foot of every push. Opening it ends that
 * subscription at once (one tap, and the same page when opened again); a button there
 * ends every other one too. A link that was altered or cut short opens nothing and says
 * how to unsubscribe in the chat instead.
 */
export function unsubscribeRoutes(jobs: Jobs) {
  const { desk } = jobs
  const app = new Hono<AppEnv>()

  const badLink = async (c: Context<AppEnv>, status: 403 | 404 = 404) => {
    const base = await jobs.base(boardScript(c))
    return c.html(<JobsRefusal base={base} title={base.j.badLinkTitle} line={status === 403 ? base.j.errCrossSite : base.j.badLink} />, status)
  }
  /** The subscription the link names, read before anything changes, so the page can say what it was. */
  const named = async (token: string) => {
    const id = token.length <= MAX_TOKEN ? subscriptionOfToken(desk, token) : null
    if (!id) return null
    const sub = await desk.db.jobSubscription.findUnique({ where: { id } })
    return sub ? { id, sub } : null
  }

  app.use('/unsubscribe/*', async (c, next) => {
    privatePage(c)
    await next()
  })
  app.post('/unsubscribe/*', sameOriginForms(desk.config.PUBLIC_URL, (c) => badLink(c as Context<AppEnv>, 403)))
  app.post('/unsubscribe/*', bodyLimit({ maxSize: 4 * 1024, onError: (c) => badLink(c as Context<AppEnv>) }))

  app.get('/unsubscribe/:token', async (c) => {
    const found = await named(c.req.param('token'))
    if (!found) return badLink(c)
    const outcome = await unsubscribeByLink(desk, found.id)
    const others = await activeSubscriptions(desk.db, found.sub.workerId)
    const what = describeSubscription(found.sub)
    const base = await jobs.base(c.req.query('zh') ? boardScript(c) : detectScript(found.sub.keywords))
    const u = { what, already: outcome?.kind !== 'unsubscribed', others: others.map(describeSubscription), token: c.req.param('token') }
    c.get('logger').info({ subscription: found.id, already: u.already }, 'jobs: unsubscribed by link')
    return c.html(<UnsubscribedPage base={base} u={u} />)
  })

  app.post('/unsubscribe/:token', async (c) => {
    const found = await named(c.req.param('token'))
    if (!found) return badLink(c)
    const f = await formFields(c)
    await unsubscribeByLink(desk, found.id, true)
    const base = await jobs.base(f.zh === 'hant' ? 'traditional' : detectScript(found.sub.keywords))
    c.get('logger').info({ subscription: found.id }, 'jobs: every subscription ended by link')
    return c.html(<UnsubscribedAllPage base={base} />)
  })

  return app
}
