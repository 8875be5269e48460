import { Hono } from 'hono'
import { contentHash } from '../ui/assets.ts'

/**
 * The board's own few rules on top of the pages' stylesheet (cards, the filters, the
 * posting's facts), about 1.5 KB: a phone that opened the portal has the rest cached.
 */
export const jobsCss = `
.jobs{list-style:none;margin:0;padding:0}
.job{background:#fff;border:1px solid #e4ddd5;border-radius:.6rem;padding:.7rem 1rem;margin:.75rem 0}
.job h2{font-size:1.15rem;margin:0 0 .15rem}
.job p{margin:.15rem 0}
.job .firm{color:#333}
.meta{color:#555;font-size:.95rem}
.pay{color:#a4161a;font-weight:700}
.num{font-family:ui-monospace,"DejaVu Sans Mono",monospace;white-space:nowrap}
select{width:100%;font:inherit;padding:.55rem .6rem;border:2px solid #b9b0a6;border-radius:.5rem;background:#fff;color:#222}
input[type=search]{width:100%;font:inherit;padding:.6rem .7rem;border:2px solid #b9b0a6;border-radius:.5rem;background:#fff;color:#222}
details{margin:.5rem 0}
summary{cursor:pointer;color:#a4161a;padding:.4rem 0}
.pager{display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin:1rem 0}
.pager a{display:inline-block;padding:.5rem .9rem;border:2px solid #a4161a;border-radius:.5rem;text-decoration:none;font-weight:700}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.3rem .9rem;margin:0}
.facts dt{color:#555}
.facts dd{margin:0;word-break:break-word}
.apply{border:2px solid #b71c1c}
.box>h2:first-child{margin-top:0}
.contact,.req{white-space:pre-wrap;word-break:break-word}
.contact{font-size:1.1rem}
.subs{margin:.25rem 0;padding-left:1.2rem}
.subs li{margin:.3rem 0}
.row{display:flex;gap:.5rem;align-items:center;justify-content:space-between}
.row form{margin:0;flex:none}
.row button{width:auto;min-height:2.4rem;margin:.2rem 0;padding:.3rem .8rem;font-size:1rem}
`.trim()

/**
 * The screen in a service centre's hall: type that scales with the screen, a posting a row,
 * no links to tap. On paper: A4, black on white, no row split across pages, the heads repeated.
 */
export const screenCss = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:#fff;color:#111;font:clamp(15px,1.25vw,40px)/1.3 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.2em 1em;background:#b71c1c;color:#fff;padding:.3em .8em}
h1{font-size:1.5em;margin:0}
header p,footer p{margin:0}
table{width:100%;border-collapse:collapse}
th{text-align:left;font-weight:400;color:#555;font-size:.85em;padding:.3em .5em;border-bottom:3px solid #b71c1c}
td{padding:.3em .5em;border-bottom:1px solid #ccc;vertical-align:top}
tbody tr:nth-child(even){background:#f6f3ef}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
.t{font-weight:700;font-size:1.1em}
.pay{color:#a4161a;font-weight:700;white-space:nowrap}
.n,.num{white-space:nowrap}
.num{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
.empty{font-size:1.4em;padding:2em 1em}
footer{padding:.3em .8em;font-size:.85em;color:#333}
@media print{
@page{size:A4;margin:12mm}
body{font:10pt/1.35 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;color:#000}
header{background:none;color:#000;border-bottom:2pt solid #000;padding:0 0 4pt}
h1{font-size:16pt}
th{color:#000;border-bottom:1pt solid #000}
td{border-bottom:.5pt solid #888}
tbody tr:nth-child(even){background:none}
.t{font-size:11pt}
.pay{color:#000}
footer{border-top:1pt solid #000;margin-top:6pt;padding:4pt 0 0;color:#000}
}
`.trim()

const jobsCssName = `jobs.${contentHash(jobsCss)}.css`
const screenCssName = `screen.${contentHash(screenCss)}.css`
export const jobsCssHref = `/jobs/assets/${jobsCssName}`
export const screenCssHref = `/jobs/assets/${screenCssName}`

/** GET /jobs/assets/<name>.<hash>.css, cacheable for a year (a changed sheet gets a new URL). */
export function jobAssetRoutes() {
  const app = new Hono()
  const sheets = new Map([
    [jobsCssName, jobsCss],
    [screenCssName, screenCss],
  ])
  app.get('/assets/:file', async (c, next) => {
    const css = sheets.get(c.req.param('file'))
    if (css === undefined) return next()
    return c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' })
  })
  return app
}
