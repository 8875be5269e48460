import { Hono, type Context } from 'hono'
import { boardPage, boardUrl, effectiveStatus, postingByNumber, postingNumberPattern, regionByCode } from '../../desk/postings/index.ts'
import type { Desk } from '../../desk/desk.ts'
import type { AppEnv } from '../../http/env.ts'
import { onError } from '../../http/errors.ts'
import { jobAssetRoutes } from './assets.ts'
import { MAX_PAGE, parseBoard, regionOptions } from './board-query.ts'
import { fill } from './copy.ts'
import { boardScript, href, jobsContext, normalisePostingNumber, publicPage, type Jobs } from './context.ts'
import { BoardPage } from './pages/board.tsx'
import { JobsRefusal, PostingPage, type ClosedAs } from './pages/posting.tsx'
import { ScreenPage } from './pages/screen.tsx'
import { unsubscribeRoutes } from './unsubscribe-routes.tsx'

/** How often a hall screen turns to its next page, unless `?every=` says otherwise (10–600 s). */
export const SCREEN_EVERY_SECONDS = 30
/** Postings a screenful: a row each, in type that can be read from across the hall. */
export const SCREEN_PAGE = 10

/**
 * The union's job board, mounted at /jobs: open postings anyone may read (no personal data
 * on them), one page per posting that stays when the posting closes, a view for the screens
 * in service centres, and the one-tap unsubscribe link of every push. Server-rendered, no
 * script; the public pages may be cached for a minute.
 */
export function jobBoardRoutes(desk: Desk) {
  const jobs = jobsContext(desk)
  const app = new Hono<AppEnv>()

  // A failure is a page in Chinese (the API's one error map logs it and picks the status), never a stack trace.
  app.onError(async (err, c) => {
    const status = onError(err, c as Context<AppEnv>).status
    c.header('Cache-Control', 'no-store')
    const base = await jobs.base('simplified')
    const line = status === 503 ? base.j.errBusy : fill(base.j.errBroken, { hotline: base.hotline })
    return c.html(<JobsRefusal base={base} title={base.j.boardTitle} line={line} />, status === 503 ? 503 : 500)
  })

  app.route('/', jobAssetRoutes())

  app.get('/', async (c) => {
    const typed = `${c.req.query('q') ?? ''}${c.req.query('trade') ?? ''}${c.req.query('place') ?? ''}`.slice(0, 200)
    const base = await jobs.base(boardScript(c, typed))
    const parsed = parseBoard(c, base.j)
    const regions = await regionOptions(desk)
    if (!parsed.ok) {
      c.header('Cache-Control', 'no-store')
      return c.html(<BoardPage base={base} form={parsed.form} regions={regions} error={parsed.reason} />, 400)
    }
    // A number read off a screen or a push goes straight to its posting.
    const number = normalisePostingNumber(parsed.form.q)
    if (postingNumberPattern.test(number)) return c.redirect(href(`/jobs/${number}`, base.keep), 302)
    const view = await boardPage(desk, parsed.query)
    publicPage(c)
    return c.html(<BoardPage base={base} form={parsed.form} regions={regions} view={view} placeUnknown={parsed.placeUnknown} />)
  })

  app.get('/screen', async (c) => screen(jobs, c))

  app.route('/', unsubscribeRoutes(jobs))

  app.get('/:number', async (c) => {
    const base = await jobs.base(boardScript(c))
    const number = normalisePostingNumber(c.req.param('number').slice(0, 40))
    const posting = postingNumberPattern.test(number) ? await postingByNumber(desk.db, number) : null
    // Drafts and postings in review are nobody's business yet: the same answer as no posting.
    if (!posting || posting.status === 'draft' || posting.status === 'review') {
      publicPage(c, 30)
      return c.html(<JobsRefusal base={base} title={base.j.postingMissingTitle} line={fill(base.j.postingMissing, { number: number.slice(0, 20) })} />, 404)
    }
    if (number !== c.req.param('number')) return c.redirect(href(`/jobs/${number}`, base.keep), 301)
    const status = effectiveStatus(posting, desk.now())
    publicPage(c)
    return c.html(<PostingPage base={base} p={posting} closed={status === 'open' ? undefined : (status as ClosedAs)} />)
  })

  // Anything else under /jobs: a page in Chinese that leads to the board, not the API's JSON.
  app.get('*', async (c) => {
    const base = await jobs.base(boardScript(c))
    publicPage(c, 30)
    return c.html(<JobsRefusal base={base} title={base.j.boardTitle} line={base.j.errNoPage} />, 404)
  })
  return app
}

/** GET /jobs/screen?region=&page=&every=: one screenful, and the URL of the next in its refresh. */
async function screen(jobs: Jobs, c: Context<AppEnv>) {
  const { desk } = jobs
  const base = await jobs.base(boardScript(c))
  const refuse = (line: string) => {
    c.header('Cache-Control', 'no-store')
    return c.html(<JobsRefusal base={base} title={base.j.screenTitle} line={line} />, 400)
  }
  const region = c.req.query('region') ?? ''
  const found = region ? (/^\d{6}$/.test(region) ? regionByCode(region) : null) : undefined
  if (found === null) return refuse(base.j.errRegion)
  const pageText = c.req.query('page') ?? '1'
  const everyText = c.req.query('every') ?? String(SCREEN_EVERY_SECONDS)
  if (!/^\d{1,4}$/.test(pageText) || Number(pageText) < 1 || Number(pageText) > MAX_PAGE) return refuse(base.j.errPage)
  if (!/^\d{1,3}$/.test(everyText) || Number(everyText) < 10 || Number(everyText) > 600) return refuse(base.j.errSeconds)
  const every = Number(everyText)
  const query = found ? { region: found.code } : {}
  let view = await boardPage(desk, { ...query, page: Number(pageText) }, { size: SCREEN_PAGE })
  // Postings closed since the last turn can leave fewer pages: the screen starts again from the first.
  if (view.page > view.pages) view = await boardPage(desk, { ...query, page: 1 }, { size: SCREEN_PAGE })
  const keep = { region: found?.code, every: every === SCREEN_EVERY_SECONDS ? undefined : every, ...base.keep }
  const next = href('/jobs/screen', { ...keep, page: view.page < view.pages ? view.page + 1 : undefined })
  // Cached no longer than a turn, so the next turn shows what changed.
  publicPage(c, Math.min(every, 30))
  return c.html(<ScreenPage base={base} view={{ ...view, every, next, boardUrl: desk.config.PUBLIC_URL ? boardUrl(desk) : `${new URL(c.req.url).origin}/jobs`, regionName: found?.name, now: desk.now() }} />)
}
