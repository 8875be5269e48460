import type { Context } from 'hono'
import type { Child, FC, PropsWithChildren } from 'hono/jsx'
import type { SignedIn } from '../../desk/accounts/index.ts'
import { may, roleLabels, type AccountRole } from '../../desk/accounts/index.ts'
import { contentHash } from '../ui/assets.ts'

/**
 * The console's page shell: one stylesheet from the desk itself (CSP: no inline script, no
 * third-party anything), readable on a phone first. Everything passed in as text is
 * escaped by hono/jsx; nothing here renders raw HTML.
 */
export const consoleCss = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1d2330;background:#f4f5f7}
a{color:#b3261e}header{background:#b3261e;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff}header .who{margin-left:auto;font-size:.9rem}main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.2rem 0 .5rem}.card{background:#fff;border-radius:8px;padding:1rem;margin-bottom:1rem;box-shadow:0 1px 2px #0001}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}input,select,textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #c4c8d0;border-radius:6px;background:#fff}
textarea{min-height:6rem}button{font:inherit;padding:.5rem 1rem;border:0;border-radius:6px;background:#b3261e;color:#fff;cursor:pointer;margin-top:.6rem}
button.quiet{background:#e8eaee;color:#1d2330}.error{background:#fdecea;color:#8c1d18;padding:.6rem;border-radius:6px}.ok{background:#e7f4ea;color:#1e5b2c;padding:.6rem;border-radius:6px}
nav.views{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:1rem}nav.views a{padding:.3rem .7rem;border-radius:99px;background:#fff;text-decoration:none;color:#1d2330;border:1px solid #d5d8de}
nav.views a.on{background:#1d2330;color:#fff}.count{font-size:.8rem;opacity:.8;margin-left:.2rem}
table{width:100%;border-collapse:collapse;background:#fff}td,th{padding:.5rem;border-bottom:1px solid #eceef1;text-align:left;vertical-align:top}
.tag{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:4px;background:#eceef1}.urgent{background:#b3261e;color:#fff}.late{color:#b3261e;font-weight:600}
.timeline{list-style:none;padding:0;margin:0}.timeline li{background:#fff;border-radius:8px;padding:.6rem .8rem;margin-bottom:.5rem;border-left:4px solid #c4c8d0}
.timeline li.in{border-color:#1f6feb}.timeline li.note{border-color:#bf8700;background:#fff8e6}.timeline li.out{border-color:#2da44e}.timeline .meta{font-size:.8rem;color:#5b6270}.timeline .text{white-space:pre-wrap;word-break:break-word}
form[role=search]{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:0 .8rem;align-items:end}form[role=search] .wide{grid-column:1/-1}form[role=search] label{margin-top:.2rem}
.facts dt{font-weight:600}.facts dd{margin:0 0 .5rem}form.inline{display:inline}
@media (max-width:40rem){table thead{display:none}table td{display:block;border:0;padding:.2rem .5rem}table tr{display:block;border-bottom:1px solid #eceef1;padding:.4rem 0}}
`

/** `refresh`: seconds after which the page loads itself again (the bot's page while it waits for a scan; no script needed). */
type PageProps = PropsWithChildren<{ title: string; who?: SignedIn; csrf?: string; script?: string; refresh?: number }>

/**
 * The inbox's one script: it asks every 30 s whether anything changed and offers a reload
 * (the page works without it). The asking does not keep the session alive; once the session
 * has ended it says so, with the way back in, and stops asking.
 */
export const inboxJs = `(() => {
  const banner = document.querySelector('[data-live]')
  if (!banner) return
  const signedOut = document.querySelector('[data-signed-out]')
  const newest = banner.getAttribute('data-newest') || ''
  const timer = setInterval(async () => {
    try {
      const res = await fetch('/console/inbox.json' + location.search, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      if (res.status === 401) {
        clearInterval(timer)
        banner.hidden = true
        if (signedOut) {
          const link = signedOut.querySelector('a')
          if (link) link.href = '/console/login?next=' + encodeURIComponent(location.pathname)
          signedOut.hidden = false
        }
        return
      }
      if (!res.ok) return
      const now = await res.json()
      for (const [view, n] of Object.entries(now.counts)) {
        const el = document.querySelector('[data-count="' + view + '"]')
        if (el) el.textContent = String(n)
      }
      if ((now.newest || '') !== newest) banner.hidden = false
    } catch (e) { /* offline for a moment: try again next time */ }
  }, 30000)
})()
`

// Named by their content: cached for a year, and a changed file is a new name.
export const CONSOLE_CSS_PATH = `/console/assets/console.${contentHash(consoleCss)}.css`
export const INBOX_JS_PATH = `/console/assets/inbox.${contentHash(inboxJs)}.js`

export const Page: FC<PageProps> = ({ title, who, csrf, script, refresh, children }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {/* same-origin, not no-referrer: with no-referrer the browser sends Origin: null on the page's own forms, and the cross-site check refuses them */}
      <meta name="referrer" content="same-origin" />
      <title>{title} · 娘家 工会服务台</title>
      <link rel="stylesheet" href={CONSOLE_CSS_PATH} />
      {script ? <script src={script} defer /> : null}
      {refresh ? <meta http-equiv="refresh" content={String(refresh)} /> : null}
    </head>
    <body>
      <header>
        <strong>娘家 · 工会服务台</strong>
        {who ? (
          <>
            {/* A firm's account has the job pages and its password only (session.ts fences the rest). */}
            {who.account.role === 'employer' ? (
              <a href="/console/jobs">岗位</a>
            ) : (
              <>
                <a href="/console">工单</a>
                <a href="/console/callbacks">回访与帮扶</a>
                <a href="/console/jobs">岗位</a>
                {may(who.account.role, 'figures') ? <a href="/console/figures">统计</a> : null}
                {may(who.account.role, 'administer') ? <a href="/console/admin">账号与审计</a> : null}
                {may(who.account.role, 'administer') ? <a href="/console/admin/erasure">删除申请</a> : null}
              </>
            )}
            {who.account.cadreId ? <a href="/console/me/wechat">绑定我的微信</a> : null}
            <a href="/console/password">修改密码</a>
            <span class="who">
              {who.account.displayName}（{roleLabels[who.account.role as AccountRole] ?? who.account.role}，{who.account.unit.name}）
            </span>
            <form class="inline" method="post" action="/console/logout">
              <input type="hidden" name="_csrf" value={csrf} />
              <button class="quiet" type="submit">退出</button>
            </form>
          </>
        ) : null}
      </header>
      <main>{children}</main>
    </body>
  </html>
)

/** The session's CSRF token as the hidden field every console form carries. */
export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />

export const Notice: FC<{ error?: string | null; ok?: string | null }> = ({ error, ok }): Child =>
  error ? <p class="error" role="alert">{error}</p> : ok ? <p class="ok" role="status">{ok}</p> : null

/** A form posted to the console from another site (or a page that lost its origin): refused, in words a cadre can act on. */
export const crossSiteRefused = (c: Context) =>
  c.html(
    <Page title="没有提交">
      <div class="card" style="max-width:30rem;margin:2rem auto">
        <h1>这次提交没有生效</h1>
        <p class="error" role="alert">为了安全，服务台只接受从本系统页面提交的表单。请回到 <a href="/console">工单列表</a>，在页面里重新操作。</p>
      </div>
    </Page>,
    403,
  )
