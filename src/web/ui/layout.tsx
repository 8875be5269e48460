import { raw } from 'hono/html'
import type { Child, FC, PropsWithChildren } from 'hono/jsx'
import type { Script } from '../../text/script.ts'
import { appCssHref } from './assets.ts'

export type LayoutProps = PropsWithChildren<{
  title: string
  script: Script
  /** Who the pages speak for, at the top of every page (UNION_NAME, or "工会"). */
  brand: string
  /** Where the brand links to. */
  home?: string
  /** The 繁/简 switch, when the page has one (a link, or a small form where the page came from a POST). */
  scriptSwitch?: Child
  footer?: Child
}>

/**
 * The frame of every server-rendered page: one column, one stylesheet (cached for a year),
 * no script, no web font, no image. The page's own referrer policy is same-origin (the app
 * sends no-referrer): a browser then sends the real Origin with the page's own form posts,
 * which the cross-site check needs, and still tells other sites nothing.
 */
export const Layout: FC<LayoutProps> = ({ title, script, brand, home = '/', scriptSwitch, footer, children }) => (
  <>
    {/* A constant, never user text: without it a browser lays the page out in quirks mode. */}
    {raw('<!doctype html>')}
    <html lang={script === 'traditional' ? 'zh-Hant' : 'zh-Hans'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <meta name="format-detection" content="telephone=no" />
        <title>{`${title} · ${brand}`}</title>
        <link rel="stylesheet" href={appCssHref} />
        {/* No icon to fetch: saves a phone on a slow line a request that would only find nothing. */}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <header class="top">
          <div class="bar">
            <a class="name" href={home}>
              {brand}
            </a>
            {scriptSwitch}
          </div>
        </header>
        <main>{children}</main>
        {footer ? <footer>{footer}</footer> : null}
      </body>
    </html>
  </>
)

/** A boxed message; `alert` ones are announced by screen readers as soon as the page loads. */
export const Notice: FC<PropsWithChildren<{ tone?: 'alert' | 'ok' | 'urgent' | 'plain'; id?: string }>> = ({ tone = 'plain', id, children }) => (
  <div class={tone === 'plain' ? 'box' : `box ${tone}`} id={id} role={tone === 'alert' ? 'alert' : undefined}>
    {children}
  </div>
)

/** Lines of plain text (a reply from the desk) as paragraphs, escaped like everything else. */
export const Paragraphs: FC<{ text: string }> = ({ text }) => (
  <>
    {text
      .split(/\n+/)
      .filter((line) => line.trim())
      .map((line) => (
        <p>{line}</p>
      ))}
  </>
)
