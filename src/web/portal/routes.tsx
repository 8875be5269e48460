import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Desk } from '../../desk/desk.ts'
import type { AppEnv } from '../../http/env.ts'
import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import { privatePage, sameOriginForms } from '../ui/forms.ts'
import { Notice } from '../ui/layout.tsx'
import { askRoutes, followUrl } from './ask-routes.tsx'
import { fill, type Words } from './copy.ts'
import { portalContext, scriptFor } from './context.ts'
import { followRoutes } from './follow-routes.tsx'
import { portalJobRoutes } from './jobs-routes.tsx'
import { PortalPage } from './pages/frame.tsx'

/** A form is a few KB (2,000 characters, percent-encoded); anything near this is not a person typing. */
export const PORTAL_BODY_LIMIT_BYTES = 64 * 1024

/**
 * The worker portal, mounted at /portal: H5 pages rendered on the server, no script, every
 * form a plain POST. Asking for help opens a web request through the API's own intake; the
 * number and access code then open its page, where the worker reads the answers, writes back
 * and rates the service. Posts from other sites' pages are refused before anything is read.
 */
export function portalRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const portal = portalContext(desk)
  const app = new Hono<AppEnv>()

  /** A page that says what happened in one line and leads back to the start. */
  const refusal = (line: keyof Words, status: 403 | 404 | 413) => async (c: Context<AppEnv>) => {
    privatePage(c)
    const base = await portal.base(scriptFor(c))
    const portalUrl = followUrl(c, desk.config.PUBLIC_URL).replace(/\/follow$/, '')
    return c.html(
      <PortalPage base={base} title={base.w.askTitle}>
        <Notice tone="alert" id="error">
          <p>{fill(base.w[line], { url: portalUrl, hotline: base.hotline })}</p>
        </Notice>
        <a class="button" href="/portal">
          {base.w.askHeading}
        </a>
      </PortalPage>,
      status,
    )
  }

  app.use('*', sameOriginForms(desk.config.PUBLIC_URL, refusal('errCrossSite', 403)))
  app.use('*', bodyLimit({ maxSize: PORTAL_BODY_LIMIT_BYTES, onError: refusal('errTextLong', 413) }))
  app.route('/', askRoutes(portal, limits, clientAddress))
  app.route('/', followRoutes(portal, limits, clientAddress))
  app.route('/', portalJobRoutes(desk, limits, clientAddress))
  // Anything else under /portal: a page that points back to the start, not the API's JSON.
  app.get('*', refusal('errNoPage', 404))
  return app
}
