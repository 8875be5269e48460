import type { Context } from 'hono'
import type { Desk } from '../../desk/desk.ts'
import { detectScript, type Script } from '../../text/script.ts'
import { portalContext } from '../portal/context.ts'
import { jobWords, type JobWords } from './copy.ts'

/** What every job page knows: its words, the script, the union's name and hot line, and how to say a date. */
export type JobsBase = {
  j: JobWords
  script: Script
  brand: string
  hotline: string
  /** The query a link adds to keep the page's script: `zh=hant` on a Traditional page, nothing otherwise. */
  keep: Record<string, string>
  /** The last day a posting is open, as people read it: "12月31日" ("2027年1月5日" in another year). */
  day: (d: Date) => string
  time: (d: Date) => string
}

export type Jobs = { desk: Desk; base(script: Script): Promise<JobsBase> }

export function jobsContext(desk: Desk): Jobs {
  // The union's name and hot line as the portal finds them (read once, kept).
  const portal = portalContext(desk)
  const tz = desk.calendar.timezone
  const days = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric' })
  const partsOf = (d: Date) => Object.fromEntries(days.formatToParts(d).map((p) => [p.type, p.value]))
  return {
    desk,
    async base(script) {
      const p = await portal.base(script)
      return {
        j: jobWords(script), script, brand: p.brand, hotline: p.hotline, time: p.time,
        keep: script === 'traditional' ? { zh: 'hant' } : ({} as Record<string, string>),
        day(d) {
          // Open while now < validUntil: a posting that ends at midnight is open through the day before.
          const last = partsOf(new Date(d.getTime() - 1))
          const year = last.year === partsOf(desk.now()).year ? '' : `${last.year}年`
          return `${year}${Number(last.month)}月${Number(last.day)}日`
        },
      }
    },
  }
}

/**
 * The script of a public page: the 繁/简 switch (`zh`), else the script the worker searched
 * in (叉車 gets the page in Traditional), else Simplified. No cookie: these pages are cached
 * as public, so they may depend on their URL only.
 */
export function boardScript(c: Context, typed = ''): Script {
  const zh = c.req.query('zh')
  if (zh === 'hant') return 'traditional'
  if (zh === 'hans') return 'simplified'
  return typed.trim() ? detectScript(typed) : 'simplified'
}

/** A public page: nothing personal on it, so shared caches may keep it a short while (postings close). */
export const publicPage = (c: Context, seconds = 60) => c.header('Cache-Control', `public, max-age=${seconds}`)

/** A URL with query values, leaving out the empty ones. */
export function href(path: string, query: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && v !== 0) qs.set(k, String(v))
  const s = qs.toString()
  return s ? `${path}?${s}` : path
}

/** A posting number as people type it (g-2612-0007, full-width, spaces, other dashes). */
export const normalisePostingNumber = (typed: string) =>
  typed.normalize('NFKC').toUpperCase().replace(/\s+/g, '').replace(/[‐‑‒–—―−]/g, '-')

/**
 * The phone numbers in a posting's contact, as the parts around them: a mobile (13812345678),
 * a landline with its area code (0580-2012345), a 400/800 line; for tel: links.
 */
const PHONE = /(?<![\d])(1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}[- ]?\d{7,8}|[48]00[- ]?\d{3}[- ]?\d{4})(?![\d])/g

export type ContactPart = { text: string; tel?: string }

export function contactParts(contact: string): ContactPart[] {
  const out: ContactPart[] = []
  let at = 0
  for (const m of contact.matchAll(PHONE)) {
    if (m.index > at) out.push({ text: contact.slice(at, m.index) })
    out.push({ text: m[0], tel: m[0].replace(/[- ]/g, '') })
    at = m.index + m[0].length
  }
  if (at < contact.length) out.push({ text: contact.slice(at) })
  return out
}

export const firstPhone = (contact: string) => contactParts(contact).find((p) => p.tel)
