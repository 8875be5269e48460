import { raw } from 'hono/html'
import type { FC } from 'hono/jsx'
import type { JobPosting } from '../../../generated/prisma/client.ts'
import { inScript } from '../../../text/script.ts'
import { screenCssHref } from '../assets.ts'
import { fill } from '../copy.ts'
import { firstPhone, type JobsBase } from '../context.ts'
import { payIn, placeIn } from './frame.tsx'

export type ScreenView = { rows: JobPosting[]; total: number; page: number; pages: number; every: number; next: string; boardUrl: string; regionName?: string; now: Date }

/**
 * GET /jobs/screen: the postings on a screen in a service centre's hall, a page at a time.
 * No script: the page reloads itself with the next page's URL (meta refresh) and comes back
 * to the first after the last. Nothing to tap, so no links; one posting a row, as halls show them; printed, an A4 table.
 */
export const ScreenPage: FC<{ base: JobsBase; view: ScreenView }> = ({ base, view }) => {
  const { j } = base
  const title = view.regionName ? `${j.screenHeading} · ${view.regionName}` : j.screenHeading
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={base.script === 'traditional' ? 'zh-Hant' : 'zh-Hans'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta http-equiv="refresh" content={`${view.every};url=${view.next}`} />
          <meta name="referrer" content="same-origin" />
          <title>{`${title} · ${base.brand}`}</title>
          <link rel="stylesheet" href={screenCssHref} />
          <link rel="icon" href="data:," />
        </head>
        <body>
          <header>
            <h1>
              {base.brand} {title}
            </h1>
            <p>
              <span id="updated">{fill(j.screenUpdated, { time: base.time(view.now) })}</span>
              {view.pages > 1 ? <span id="page">{` · ${fill(j.screenPage, { page: view.page, pages: view.pages })}`}</span> : null}
            </p>
          </header>
          {view.rows.length ? (
            <table id="postings">
              <thead>
                <tr>
                  <th>{j.factTitle}</th>
                  <th>{j.factPay}</th>
                  <th>{j.screenHeadcount}</th>
                  <th>{j.factFirm}</th>
                  <th>{j.factPlace}</th>
                  <th>{j.screenApply}</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((p) => {
                  const phone = firstPhone(p.contact)
                  return (
                    <tr>
                      <td class="t">{inScript(p.title, base.script)}</td>
                      <td class="pay">{payIn(p, base)}</td>
                      <td class="n">{fill(j.headcountValue, { n: p.headcount })}</td>
                      <td>{p.employerName}</td>
                      <td>{placeIn(p, base)}</td>
                      <td>
                        {phone ? <span class="num">{phone.text}</span> : null}
                        {phone ? <br /> : null}
                        <span class="num">{p.number}</span>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          ) : (
            <p class="empty" id="empty">
              {j.screenEmpty}
            </p>
          )}
          <footer>
            <p>
              {fill(j.screenPhone, { url: view.boardUrl })}　{j.screenSubscribe}
            </p>
            <p>{fill(j.noFees, { hotline: base.hotline })}</p>
          </footer>
        </body>
      </html>
    </>
  )
}
