import { Hono } from 'hono'

/**
 * The pages' one stylesheet, kept as a string so buildApp reads no file (the same app runs at
 * the edge). Written for a cheap phone on a slow connection: system fonts only (no web font to
 * wait for), big type, one column, large tap targets, and about 3 KB in all.
 */
export const appCss = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f6f3ef;color:#222;font:18px/1.65 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
a{color:#a4161a}
.top{background:#b71c1c;color:#fff;padding:.6rem 1rem}
.top .bar{max-width:36rem;margin:0 auto;display:flex;gap:.75rem;align-items:center;justify-content:space-between}
.top .name{font-weight:700;font-size:1.05rem;color:#fff;text-decoration:none}
.top form{margin:0}
.top .script,.top button.script{display:inline-block;width:auto;min-height:0;margin:0;color:#fff;font-family:inherit;font-size:1rem;font-weight:400;line-height:1.5;background:none;border:1px solid #fff8;border-radius:.4rem;padding:.1rem .55rem;text-decoration:none;cursor:pointer}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.35;margin:.5rem 0 .75rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
.lead{font-size:1.1rem}
.hint{color:#555;font-size:.95rem}
.box{background:#fff;border-radius:.6rem;padding:.9rem 1rem;margin:1rem 0;border:1px solid #e4ddd5}
.urgent{background:#fff4e5;border-color:#f0b35c}
.urgent a{font-weight:700;font-size:1.15rem}
.alert{background:#fdecea;border:2px solid #c62828;color:#8e1b1b;font-weight:600}
.ok{background:#edf7ed;border-color:#7cb87f}
.privacy ul{margin:.25rem 0;padding-left:1.2rem}
.privacy li{margin:.35rem 0}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
.check{display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:.75rem 0}
.check input{width:1.5rem;height:1.5rem;flex:none;margin:.15rem 0 0}
textarea,input[type=text],input[type=tel]{width:100%;font:inherit;padding:.6rem .7rem;border:2px solid #b9b0a6;border-radius:.5rem;background:#fff;color:#222}
textarea{min-height:9rem;resize:vertical}
textarea:focus,input:focus{outline:3px solid #f0b35c;border-color:#a4161a}
button,.button{display:block;width:100%;min-height:3rem;margin:1rem 0;padding:.7rem 1rem;font:inherit;font-weight:700;font-size:1.1rem;color:#fff;background:#b71c1c;border:0;border-radius:.6rem;text-align:center;text-decoration:none;cursor:pointer}
.button.quiet,button.quiet{background:#fff;color:#a4161a;border:2px solid #a4161a}
.key{display:grid;gap:.5rem}
.key dt{color:#555;font-size:.95rem}
.key dd{margin:0 0 .5rem;font:700 1.7rem/1.3 ui-monospace,"DejaVu Sans Mono",monospace;letter-spacing:.12em;word-break:break-all;color:#111}
.status{font-size:1.15rem;font-weight:700}
.talk{list-style:none;margin:0;padding:0}
.talk li{background:#fff;border:1px solid #e4ddd5;border-radius:.6rem;padding:.6rem .85rem;margin:.6rem 0}
.talk li.worker{background:#fdf8e6;margin-left:1.5rem}
.talk li.cadre{border-left:5px solid #b71c1c;margin-right:1.5rem}
.talk li.desk{background:#f1efec;font-size:.95rem}
.talk .who{font-size:.9rem;color:#555;display:flex;justify-content:space-between;gap:.5rem}
.talk .text{white-space:pre-wrap;word-break:break-word;margin:.2rem 0 0}
.rate{display:grid;grid-template-columns:1fr;gap:.25rem}
.rate button{margin:.35rem 0}
footer{max-width:36rem;margin:1.5rem auto 2rem;padding:0 1rem;color:#666;font-size:.9rem}
`.trim()

/**
 * A short content hash (FNV-1a, 32 bits) in the stylesheet's URL: it can be cached for a year,
 * and a changed stylesheet gets a new URL, so no phone keeps an old one. Pure arithmetic, not
 * node:crypto, for the same reason the CSS is a string.
 */
export function contentHash(text: string): string {
  let h = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

const cssName = `app.${contentHash(appCss)}.css`
/** Where the pages link the stylesheet from. */
export const appCssHref = `/assets/${cssName}`

/** GET /assets/app.<hash>.css: the stylesheet, cacheable for a year (its URL changes with it); GET /favicon.ico: none. */
export function assetRoutes() {
  const app = new Hono()
  app.get('/assets/:file', async (c, next) => {
    if (c.req.param('file') !== cssName) return next()
    return c.body(appCss, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' })
  })
  // Every browser asks for one on every site: no icon, said once a week, rather than a 404 in every log.
  app.get('/favicon.ico', (c) => c.body(null, 204, { 'cache-control': 'public, max-age=604800' }))
  return app
}
